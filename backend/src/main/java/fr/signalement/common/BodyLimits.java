package fr.signalement.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.BlockingOperationSupport;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Bounds every request body before a byte of it is parsed. A multipart upload may carry the photos
 * of one report ({@code max-per-report × max-bytes} and some slack for the other parts); any other
 * body (JSON, form fields) is small. A declared {@code Content-Length} over the bound is refused at
 * once with a 413 problem; a body without one (chunked) is cut as it streams in, once past the bound,
 * with the same 413 problem. {@code quarkus.http.limits.max-body-size} stays the outer bound of the
 * whole server, and must stay above these bounds (Quarkus answers past it with an empty 413).
 */
public class BodyLimits {
    /** The key under which Quarkus' blocking request stream reads the largest body it will accept. */
    static final String STREAM_LIMIT = "io.quarkus.max-request-size";
    /**
     * How far past our bound Quarkus' own stream limit is set. That limit is only a backstop: past it
     * Quarkus ends the response itself with an empty 413 and nothing can be written after it (the
     * problem answer failed with "Response has already been written"). {@link BoundedBody} counts the
     * bytes handed to the reader and must refuse first; Quarkus counts the bytes received, up to a
     * couple of chunks (8 KB, 16 KB on HTTP/2) ahead of the reader. 1 MB is far more than that lead.
     */
    static final long BACKSTOP_MARGIN = 1024 * 1024;

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

    /** Below this a multipart body carries no file worth the name (a report sent as multipart is a few hundred bytes). */
    static final long SMALL_BODY = 64 * 1024;

    /** A multipart body that may carry files (photos): over {@link #SMALL_BODY}, or of unknown length (chunked). */
    public static boolean isUpload(HttpServerRequest request) {
        if (!isMultipart(request)) {
            return false;
        }
        long length = declaredLength(request);
        return length < 0 || length > SMALL_BODY;
    }

    /** Runs after Quarkus' own upload limit (route order -2), so its stream limit can be narrowed here. */
    @RouteFilter(1)
    void bound(RoutingContext rc) {
        boolean multipart = isMultipart(rc.request());
        long limit = limit(multipart);
        if (rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            if (declaredLength(rc.request()) > limit) {
                ErrorFormat.closeAfterAnswer(rc);
                ErrorFormat.send(rc, formats, tooLarge(multipart).toProblem());
                return;
            }
        } else {
            // Counted as it is read, by boundStream below; Quarkus' own limit only as a backstop.
            Long current = rc.get(STREAM_LIMIT);
            long backstop = limit + BACKSTOP_MARGIN;
            rc.put(STREAM_LIMIT, current == null ? backstop : Math.min(current, backstop));
        }
        rc.next();
    }

    /**
     * A body without a declared length is counted as the resource's reader (JSON, multipart parser,
     * form) takes it, and refused once past the bound by a {@link TooLarge}: the exception mappers
     * answer it as any other refusal (problem+json, or the error format of the path), the resource
     * never runs, and the parts already written to the upload folder are deleted when the request
     * ends. Request filters run before the body is read (multipart forms included) and, for a
     * blocking resource, on the worker thread that reads it.
     */
    @ServerRequestFilter
    void boundStream(ContainerRequestContext context, RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // A non-blocking resource reads its body whole on the event loop (InputHandler), never through
        // this stream: none here takes a body, and wrapping would make its reader block the event loop.
        if (request.getHeader(HttpHeaders.CONTENT_LENGTH) != null || !context.hasEntity()
                || !BlockingOperationSupport.isBlockingAllowed()) {
            return;
        }
        boolean multipart = isMultipart(request);
        context.setEntityStream(new BoundedBody(context.getEntityStream(), limit(multipart), () -> {
            ErrorFormat.closeAfterAnswer(rc);
            return tooLarge(multipart);
        }));
    }

    private long limit(boolean multipart) {
        return multipart ? photosPerReport * photoBytes + multipartSlack.asLongValue() : body.asLongValue();
    }

    /** The refusal of a body over its bound, the same whether its length was declared or counted. */
    private ProblemException tooLarge(boolean multipart) {
        long limit = limit(multipart);
        String what = multipart ? "Un envoi de photos" : "Le corps de la requête";
        return new ProblemException(413, "Requête trop volumineuse", what + " ne peut pas dépasser " + human(limit)
                + (multipart ? " (" + photosPerReport + " photos de " + human(photoBytes) + " au plus)." : "."), null)
                .with("maxBytes", limit);
    }

    /** A body that refuses to be read past {@code limit} bytes, even when it is only drained on close. */
    static final class BoundedBody extends InputStream {
        private final InputStream in;
        private final long limit;
        private final Supplier<ProblemException> refusal;
        private long read;
        private TooLarge refused;

        BoundedBody(InputStream in, long limit, Supplier<ProblemException> refusal) {
            this.in = in;
            this.limit = limit;
            this.refusal = refusal;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (refused != null) {
                throw refused;
            }
            int n = in.read(b, off, len);
            if (n > 0 && (read += n) > limit) {
                refused = new TooLarge(refusal.get());
                throw refused;
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return refused != null ? 0 : in.available();
        }

        @Override
        public void close() throws IOException {
            if (refused != null) {
                return;
            }
            // Quarkus' stream reads what is left of the body to its end on close, past any limit (a
            // reader that stopped early on bad JSON left it there): read it here, counted instead.
            byte[] rest = new byte[8192];
            while (read(rest, 0, rest.length) >= 0) {
                // discarded
            }
            in.close();
        }
    }

    /**
     * A body read past its bound. An {@link IOException}, as a reader expects from its stream: Jackson
     * would wrap any other exception into a mapping error, answered 400. {@link ProblemMappers} answers
     * the refusal it carries.
     */
    public static final class TooLarge extends IOException {
        private final ProblemException refusal;

        TooLarge(ProblemException refusal) {
            super(refusal.getMessage(), refusal);
            this.refusal = refusal;
        }

        public ProblemException refusal() {
            return refusal;
        }
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
