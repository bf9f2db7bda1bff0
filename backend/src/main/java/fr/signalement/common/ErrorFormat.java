package fr.signalement.common;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.atomic.AtomicBoolean;

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

    /** A refused body declared up to this long is read and dropped before the connection is closed (see below). */
    long DRAIN_MAX = 64L * 1024 * 1024;
    /** How long a refused body is waited for once the answer is out, before the connection is closed anyway. */
    long DRAIN_GRACE_MS = 5000;

    /**
     * Marks a refusal sent before its body was read to close the connection once the answer is out,
     * so that the client stops sending a body nobody will use. The {@code Connection: close} header
     * tells the client but does not make Vert.x close it. An HTTP/2 connection carries other
     * requests: it stays open (the refused stream alone is reset by the client).
     * <p>
     * A socket closed while the client's body is still arriving, unread, is reset by the kernel, and the
     * reset can destroy the answer before the client reads it ("no answer" once in the bad-input fuzz: a
     * 550 KB form refused 413). So a body of a declared, moderate length that is on its way (no
     * {@code Expect: 100-continue}) is read and dropped, and the connection closed once it has all come,
     * or {@link #DRAIN_GRACE_MS} after the answer if it stops coming. Anything else (chunked, larger,
     * waiting for "100 Continue", already read) is closed as soon as the answer is out.
     */
    static void closeAfterAnswer(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        if (request.version() == HttpVersion.HTTP_2) {
            return;
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                request.connection().close();
            }
        };
        long declared = BodyLimits.declaredLength(request);
        if (request.isEnded() || declared < 0 || declared > DRAIN_MAX
                || request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            rc.addEndHandler(done -> close.run());
            return;
        }
        // All on the connection's event loop: the flags need no lock, only the one close.
        AtomicBoolean bodyIn = new AtomicBoolean();
        AtomicBoolean answered = new AtomicBoolean();
        request.handler(chunk -> { }).exceptionHandler(e -> close.run()).endHandler(v -> {
            bodyIn.set(true);
            if (answered.get()) {
                close.run();
            }
        });
        request.resume();
        rc.addEndHandler(done -> {
            answered.set(true);
            if (bodyIn.get()) {
                close.run();
            } else {
                rc.vertx().setTimer(DRAIN_GRACE_MS, t -> close.run());
            }
        });
    }
}
