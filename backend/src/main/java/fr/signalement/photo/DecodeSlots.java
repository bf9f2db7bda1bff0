package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All pixel work (the intake's decode, scale and encode, and the anonymiser's detect and blur) runs
 * on a fixed pool of N worker threads, never on request threads (N = half the machine's cores,
 * at least one, unless configured): photos are pure CPU and memory, and the cores left over keep
 * reports without photos, look-ups and the console flowing during a flood of large photos. A photo
 * takes one of N slots first; one that finds no free slot within a short wait is refused with a
 * 503 and {@code Retry-After} rather than queued without bound (the citizen app and Open311 clients
 * retry; the report is not lost). So at most N photos are in memory being worked on at once. The
 * workers run at a lower scheduling priority ({@link LowPriority}): when the cores are all busy,
 * requests without photos go first and photos take what is left.
 */
@ApplicationScoped
public class DecodeSlots {
    /** Seconds a refused client is asked to wait: a photo's work takes a fraction of that. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int capacity;
    private final long waitMillis;
    private final Semaphore permits;
    private final ExecutorService workers;

    @Inject
    public DecodeSlots(PhotoConfig config) {
        this.capacity = Math.max(1, config.decodeSlots().orElse(Runtime.getRuntime().availableProcessors() / 2));
        this.waitMillis = config.decodeWait().toMillis();
        this.permits = new Semaphore(capacity, true);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(capacity, r -> {
            Thread t = new Thread(() -> {
                LowPriority.apply();
                r.run();
            }, "photo-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void stop(@Observes ShutdownEvent e) {
        workers.shutdownNow();
    }

    /** A slot held until closed. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** How many photos are worked on at once. */
    public int capacity() {
        return capacity;
    }

    /**
     * Takes a slot, waiting at most the configured time; {@code field} names the photo in the 503.
     * Close the slot when the photo's pixels are done with.
     */
    public Slot take(String field) {
        if (!acquire(waitMillis)) {
            throw new ProblemException(503, "Service momentanément surchargé",
                    "Trop de photos sont en cours de traitement : réessayez dans " + RETRY_AFTER_SECONDS
                            + " secondes ; rien n'a été enregistré.", field)
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        return permits::release;
    }

    /** Runs {@code work} on a photo worker once a slot is free (503 after the wait, see {@link #take}); the caller waits for it. */
    public <T> T run(String field, Callable<T> work) {
        try (Slot slot = take(field)) {
            return await(workers.submit(work));
        }
    }

    /** Like {@link #run} for background work: empty at once when every slot is taken (the work is tried again later). */
    public <T> java.util.Optional<T> runIfFree(Callable<T> work) {
        if (!acquire(0)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.ofNullable(await(workers.submit(work)));
        } finally {
            permits.release();
        }
    }

    private boolean acquire(long millis) {
        try {
            return permits.tryAcquire(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a photo was being processed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
