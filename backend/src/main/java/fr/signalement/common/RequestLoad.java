package fr.signalement.common;

import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How busy the server is answering requests: the share of the last second during which at least one
 * request was being worked on, from its arrival until its answer's headers go out (sending the rest
 * to a slow phone is not work). Uploads do not count ({@link BodyLimits#isUpload}: their bytes take
 * the sender's time to arrive, and the photo work they bring is what gives way to this), nor long
 * polls once they start waiting, nor a request once it waits for photo work (an Open311 request
 * with a {@code media_url}): {@link #waiting}. The photo workers take what
 * this leaves (photo/Turns).
 */
@ApplicationScoped
public class RequestLoad {
    private static final String COUNTED = RequestLoad.class.getName();
    private final BusyMeter meter = new BusyMeter(TimeUnit.SECONDS.toNanos(1), 1);
    @Inject
    CurrentVertxRequest current;

    /** Before every other filter, so that a request refused early is counted too. */
    @RouteFilter(2)
    void count(RoutingContext rc) {
        if (!BodyLimits.isUpload(rc.request())) {
            meter.begin();
            AtomicBoolean counted = new AtomicBoolean(true);
            rc.put(COUNTED, counted);
            rc.addHeadersEndHandler(v -> done(counted));
            // Called once the answer is sent, or the connection is gone: every begin has its end.
            rc.addEndHandler(r -> done(counted));
        }
        rc.next();
    }

    /**
     * The request this thread serves, if any, now waits by design and is no longer counted: a long poll
     * waiting for an event, or a request waiting for its own photo's work (counted, it would make that
     * work give way to itself).
     */
    public void waiting() {
        if (Arc.container().requestContext().isActive()) {
            RoutingContext rc = current.getCurrent();
            AtomicBoolean counted = rc == null ? null : rc.get(COUNTED);
            if (counted != null) {
                done(counted);
            }
        }
    }

    /** Between 0 (no request lately) and 1 (requests worked on without a pause). */
    public double share() {
        return meter.share();
    }

    private void done(AtomicBoolean counted) {
        if (counted.getAndSet(false)) {
            meter.end();
        }
    }
}
