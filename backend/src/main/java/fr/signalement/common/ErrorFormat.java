package fr.signalement.common;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

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

    /**
     * Answers {@code problem} from a route filter, before any resource runs: in the format of the
     * first of {@code formats} that handles the path, else as problem+json.
     */
    static void send(RoutingContext rc, Iterable<ErrorFormat> formats, Problem problem) {
        String path = rc.normalizedPath();
        for (ErrorFormat f : formats) {
            if (f.handles(path)) {
                rc.response().setStatusCode(problem.status).putHeader(HttpHeaders.CONTENT_TYPE, f.contentType(path))
                        .end(Buffer.buffer(f.body(path, problem.status, problem.detail)));
                return;
            }
        }
        ProblemMediaType.send(rc, problem);
    }

    /**
     * Marks a refusal sent before its body was read to close the connection once the answer is out,
     * so that the client stops sending a body nobody will read. The {@code Connection: close} header
     * tells the client but does not make Vert.x close it. An HTTP/2 connection carries other
     * requests: it stays open (the refused stream alone is reset by the client).
     */
    static void closeAfterAnswer(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        if (request.version() != HttpVersion.HTTP_2) {
            rc.addEndHandler(done -> request.connection().close());
        }
    }
}
