package fr.signalement.common;

/**
 * A part of the HTTP API with an error format of its own (Open311's error array): refusals made
 * before any resource runs (a body over its bound) are written in it. Its package provides a bean;
 * every other path gets problem+json.
 */
public interface ErrorFormat {
    boolean handles(String path);

    /** The answer's content type for this path. */
    String contentType(String path);

    /** The answer's body for this path. */
    String body(String path, int status, String description);
}
