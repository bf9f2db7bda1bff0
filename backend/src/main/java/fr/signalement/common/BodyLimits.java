package fr.signalement.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds every request body before a byte of it is parsed. A multipart upload may carry the photos
 * of one report ({@code max-per-report × max-bytes} and some slack for the other parts); any other
 * body (JSON, form fields) is small. A declared {@code Content-Length} over the bound is refused at
 * once with a 413 problem; a body without one (chunked) is cut as it streams in, once past the bound.
 * {@code quarkus.http.limits.max-body-size} stays the outer bound of the whole server.
 */
public class BodyLimits {
    /** The key under which Quarkus' blocking request stream reads the largest body it will accept. */
    static final String STREAM_LIMIT = "io.quarkus.max-request-size";

    @ConfigProperty(name = "signalement.body-limits.body")
    MemorySize body;
    @ConfigProperty(name = "signalement.body-limits.multipart-slack")
    MemorySize multipartSlack;
    @ConfigProperty(name = "signalement.photos.max-bytes")
    long photoBytes;
    @ConfigProperty(name = "signalement.photos.max-per-report")
    int photosPerReport;
    @Inject
    Instance<ErrorFormat> formats;

    /** Runs after Quarkus' own upload limit (route order -2), so its stream limit can be narrowed here. */
    @RouteFilter(1)
    void bound(RoutingContext rc) {
        boolean multipart = isMultipart(rc.request());
        long limit = multipart ? photosPerReport * photoBytes + multipartSlack.asLongValue() : body.asLongValue();
        if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            if (declaredLength(rc.request()) > limit) {
                refuse(rc, limit, multipart);
                return;
            }
        } else {
            Long current = rc.get(STREAM_LIMIT);
            rc.put(STREAM_LIMIT, current == null ? limit : Math.min(current, limit));
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, long limit, boolean multipart) {
        String what = multipart ? "Un envoi de photos" : "Le corps de la requête";
        Problem p = new Problem(413, "Requête trop volumineuse", what + " ne peut pas dépasser " + human(limit)
                + (multipart ? " (" + photosPerReport + " photos de " + human(photoBytes) + " au plus)." : "."), null)
                .with("maxBytes", limit);
        // The body is not read: close the connection so the client stops sending it.
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        ErrorFormat.send(rc, formats, p);
    }

    /** Whether the request's body is multipart (a form that may carry files). */
    public static boolean isMultipart(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
    }

    /** The body length the request declares, or -1 when it declares none or one that is not a number. */
    public static long declaredLength(HttpServerRequest request) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String human(long bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " Mo"
                : bytes >= 1024 ? (bytes + 1023) / 1024 + " Ko" : bytes + " octets";
    }
}
