package fr.signalement.photo;

import fr.signalement.common.BodyLimits;
import fr.signalement.common.ErrorFormat;
import fr.signalement.common.Problem;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits photo uploads before their body is read. Receiving a large photo costs more than the
 * decode slots let through: the multipart parser reads every byte of a 3 MB body on a request
 * thread at normal priority and writes it to a temporary file, and under a flood most of those
 * bodies were then refused anyway after waiting for a slot (measured with JFR in bench/README.md,
 * "Flood"). So a multipart request that may carry a photo takes an upload permit as soon as its
 * headers arrive, and holds it until its answer has been sent; with every permit taken it gets a
 * 503 problem with {@code Retry-After} at once, and its body is never parsed nor stored.
 * <p>
 * A multipart body counts as a photo upload when it declares more than 64 KB or no length at all
 * (chunked; {@link BodyLimits#isUpload}): a report without photo sent as multipart is a few hundred
 * bytes and goes through. The refused body is discarded as it arrives (not parsed, not stored) so that the
 * client reads the 503 rather than a reset connection; a client that asked {@code Expect:
 * 100-continue} is answered before it sends anything.
 */
@ApplicationScoped
public class UploadAdmission {
    private final int permits;
    private final Semaphore free;
    @Inject
    Instance<ErrorFormat> formats;

    @Inject
    public UploadAdmission(PhotoConfig config, DecodeSlots slots) {
        this.permits = Math.max(1, config.uploadsAtOnce().orElse(slots.capacity() + 1));
        this.free = new Semaphore(permits);
    }

    /** Permits not taken now (tests wait on it). */
    public int available() {
        return free.availablePermits();
    }

    /** Runs after BodyLimits (1): a body over its bound is refused with a 413 without taking a permit. */
    @RouteFilter(0)
    void admit(RoutingContext rc) {
        if (!BodyLimits.isUpload(rc.request())) {
            rc.next();
            return;
        }
        if (!free.tryAcquire()) {
            refuse(rc);
            return;
        }
        AtomicBoolean held = new AtomicBoolean(true);
        // Called once the answer is sent, or the connection is gone: the permit always comes back.
        rc.addEndHandler(done -> {
            if (held.getAndSet(false)) {
                free.release();
            }
        });
        rc.next();
    }


    private void refuse(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        boolean expectsContinue = request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true);
        if (expectsContinue) {
            // The client waits for "100 Continue" before sending its body; it will not come. Vert.x would
            // keep the connection for the body it still expects: close it once the answer is out.
            ErrorFormat.closeAfterAnswer(rc);
        } else {
            // The body is on its way: let it go by unread so that the connection stays in step.
            request.handler(chunk -> { }).exceptionHandler(e -> { }).resume();
        }
        rc.response().putHeader("Retry-After", String.valueOf(DecodeSlots.RETRY_AFTER_SECONDS));
        ErrorFormat.send(rc, formats, new Problem(503, "Service momentanément surchargé",
                "Trop de photos sont en cours d'envoi : réessayez dans " + DecodeSlots.RETRY_AFTER_SECONDS
                        + " secondes ; rien n'a été enregistré.", "photo"));
    }
}
