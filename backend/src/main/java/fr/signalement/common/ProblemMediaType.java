package fr.signalement.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives problem answers their RFC 9457 media type. Resources declare {@code application/json},
 * which REST content negotiation applies to mapped exceptions too; the mapper marks its answers
 * and the header is rewritten here, just before it leaves.
 */
public class ProblemMediaType {
    /** Set on problem answers by the exception mappers; a part with its own error format removes it. */
    public static final String MARKER = "X-Signalement-Problem";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers a problem from a plain route (outside REST, where the exception mappers do it). */
    public static void send(RoutingContext rc, Problem problem) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = new byte[0];
        }
        rc.response().setStatusCode(problem.status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Buffer.buffer(body));
    }

    @RouteFilter(100)
    void rewrite(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            var headers = rc.response().headers();
            if (headers.contains(MARKER)) {
                headers.remove(MARKER);
                headers.set("Content-Type", Problem.MEDIA_TYPE);
            }
        });
        rc.next();
    }
}
