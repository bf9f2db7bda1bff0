package fr.signalement.common;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives problem answers their RFC 9457 media type. Resources declare {@code application/json},
 * which REST content negotiation applies to mapped exceptions too; the mapper marks its answers
 * and the header is rewritten here, just before it leaves.
 */
public class ProblemMediaType {
    static final String MARKER = "X-Signalement-Problem";

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
