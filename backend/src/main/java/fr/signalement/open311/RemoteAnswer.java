package fr.signalement.open311;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the other organisation's answer means for {@link Forwarding}: a GeoReport v2 body to read; the
 * remote {@link Down} for now (asked again later, as an outage ends); or the remote having
 * {@link Refused} the request — asked again, it would refuse again, so staff are told at once instead
 * of after hours of retries.
 */
final class RemoteAnswer {
    private RemoteAnswer() {
    }

    /**
     * The body of a 2xx (200, 201, or 202 Accepted from a remote that creates the request later and
     * answers with a token: taken for an outage, it was POSTed again at every retry, a request each
     * time). A 4xx other than 408 and 429 is the remote's refusal; any other status, or a body that is
     * not JSON (a proxy's error page), is the remote down.
     *
     * @param retryAfter the Retry-After header, null when absent
     */
    static JsonNode read(int status, String body, String retryAfter, ObjectMapper json, Instant now) {
        JsonNode tree = parse(body, json);
        if (refusal(status)) {
            throw new Refused(status, descriptions(tree), abbreviate(body));
        }
        if (tree == null) {
            throw new Down("HTTP " + status + ", réponse illisible : " + abbreviate(body), wait(status, retryAfter, now));
        }
        if (status / 100 != 2) {
            throw new Down("HTTP " + status + " : " + abbreviate(tree.path(0).path("description").asText(body)),
                    wait(status, retryAfter, now));
        }
        return tree;
    }

    /** 408 (the remote tired of waiting for us) and 429 (too many requests for now) pass; the other 4xx do not. */
    static boolean refusal(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /**
     * How long the remote asks us to wait (Retry-After in seconds or as an HTTP date), on 429 and 503 only;
     * null when it does not say, or says something unreadable.
     */
    static Duration wait(int status, String retryAfter, Instant now) {
        if ((status != 429 && status != 503) || retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String v = retryAfter.strip();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Duration d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The descriptions of a GeoReport v2 error list ({@code [{code, description}]}), null when it is not one. */
    private static String descriptions(JsonNode tree) {
        if (tree == null || !tree.isArray()) {
            return null;
        }
        Set<String> words = new LinkedHashSet<>();
        for (JsonNode error : tree) {
            String d = error.path("description").asText("").replaceAll("\\s+", " ").strip();
            if (!d.isEmpty()) {
                words.add(d);
            }
        }
        return words.isEmpty() ? null : abbreviate(String.join(" ; ", words));
    }

    private static JsonNode parse(String body, ObjectMapper json) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** The remote cannot answer for now (unreachable, timed out, 5xx, 429, 408, an unreadable answer). */
    static class Down extends RuntimeException {
        private final transient Duration retryAfter;

        Down(String message) {
            this(message, null);
        }

        Down(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** How long the remote asked us to wait, null when it did not say. */
        Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * The remote answered and said no (a 4xx). Its message is what staff and reporters read: the remote's
     * own description, prefixed when the api_key is the reason (401, 403) since fixing that is on our side.
     */
    static class Refused extends RuntimeException {
        private final int status;
        private final String body;

        Refused(int status, String descriptions, String body) {
            super(words(status, descriptions));
            this.status = status;
            this.body = descriptions == null ? body : null;
        }

        private static String words(int status, String descriptions) {
            String remote = descriptions != null ? descriptions : "HTTP " + status + " sans description";
            return status == 401 || status == 403 ? "clé d'API refusée (" + remote + ")" : remote;
        }

        int status() {
            return status;
        }

        /** For last_error and the log: the status, the message, and the body when it was not a GeoReport v2 error. */
        String detail() {
            return "HTTP " + status + " : " + getMessage() + (body == null || body.isBlank() ? "" : " — " + body);
        }
    }
}
