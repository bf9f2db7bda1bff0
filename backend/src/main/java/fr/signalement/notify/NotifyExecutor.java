package fr.signalement.notify;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends notifications off the request thread, one at a time and in the order the events happened
 * (so a reporter never receives "resolved" before "assigned"). A task that fails is logged; it
 * never reaches the request that caused it.
 */
@ApplicationScoped
public class NotifyExecutor {
    private static final Logger LOG = Logger.getLogger(NotifyExecutor.class);
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "notify-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public void submit(String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.errorf(e, "Notification failed: %s", what);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("Notification dropped while shutting down: %s", what);
        }
    }

    /** Lets queued notifications go out (for a short while) before the application stops. */
    void onStop(@Observes ShutdownEvent event) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warnf("Notifications still queued at shutdown were dropped: %d", executor.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
