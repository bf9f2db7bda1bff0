package fr.signalement.photo;

import fr.signalement.common.BusyMeter;
import fr.signalement.common.ProblemException;
import fr.signalement.common.RequestLoad;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All pixel work (the intake's decode, scale and encode, and the anonymiser's detect and blur) runs
 * on a fixed pool of N worker threads, never on request threads (N = half the machine's cores,
 * at least one, unless configured): photos are pure CPU and memory, and the cores left over keep
 * reports without photos, look-ups and the console flowing during a flood of large photos. A photo
 * takes one of N slots first; one that finds no free slot within a short wait is refused with a
 * 503 and {@code Retry-After} rather than queued without bound (the citizen app and Open311 clients
 * retry; the report is not lost). So at most N photos are in memory being worked on at once. The
 * workers run at a lower scheduling priority ({@link LowPriority}), and they take turns with the
 * other requests ({@link Turns}): under a steady stream of requests, photos take
 * {@code signalement.photos.min-share} of the workers' time, and what the requests leave idle.
 */
@ApplicationScoped
public class DecodeSlots {
    /** Seconds a refused client is asked to wait: a photo's work takes a fraction of that. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** How often a photo waiting for its turn looks again. */
    private static final long TURN_POLL_MILLIS = 5;

    private final int capacity;
    private final long waitMillis;
    private final Semaphore permits;
    private final ExecutorService workers;
    private final Turns turns;
    private final RequestLoad requests;

    @Inject
    public DecodeSlots(PhotoConfig config, RequestLoad requests) {
        this.capacity = Math.max(1, config.decodeSlots().orElse(Runtime.getRuntime().availableProcessors() / 2));
        this.waitMillis = config.decodeWait().toMillis();
        this.requests = requests;
        this.turns = new Turns(new BusyMeter(TimeUnit.SECONDS.toNanos(1), capacity), requests::share, config.minShare());
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

    /** A slot held until closed; closing it again does nothing. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** How many photos are worked on at once. */
    public int capacity() {
        return capacity;
    }

    /** The photo workers' share of the last second, from 0 to 1 (tests). */
    double workShare() {
        return turns.workShare();
    }

    /**
     * Takes a slot, waiting at most the configured time; {@code field} names the photo in the 503.
     * Close the slot when the photo's pixels are done with.
     */
    public Slot take(String field) {
        if (!acquire(waitMillis, false)) {
            throw new ProblemException(503, "Service momentanément surchargé",
                    "Trop de photos sont en cours de traitement : réessayez dans " + RETRY_AFTER_SECONDS
                            + " secondes ; rien n'a été enregistré.", field)
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        // Closed twice (a caller's finally and a cleanup), a slot must not hand back two permits.
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                permits.release();
            }
        };
    }

    /** Runs {@code work} on a photo worker once a slot is free (503 after the wait, see {@link #take}); the caller waits for it. */
    public <T> T run(String field, Callable<T> work) {
        requests.waiting();
        try (Slot slot = take(field)) {
            return await(workers.submit(turns.measured(work)));
        }
    }

    /** Like {@link #run} for background work: empty at once when every slot is taken (the work is tried again later). */
    public <T> java.util.Optional<T> runIfFree(Callable<T> work) {
        if (!acquire(0, true)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.ofNullable(await(workers.submit(turns.measured(work))));
        } finally {
            permits.release();
        }
    }

    /**
     * A slot, once one is free and it is the photos' turn ({@link Turns}), within {@code millis}. A
     * photo someone waits for takes its slot first and then waits for its turn, so that background
     * work cannot take the slot meanwhile; {@code background} work does not wait at all.
     */
    private boolean acquire(long millis, boolean background) {
        if (background && !turns.photoMayStart()) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean held = false;
        try {
            held = permits.tryAcquire(millis, TimeUnit.MILLISECONDS);
            while (held && !turns.photoMayStart()) {
                if (System.nanoTime() >= deadline) {
                    permits.release();
                    held = false;
                } else {
                    Thread.sleep(TURN_POLL_MILLIS);
                }
            }
            return held;
        } catch (InterruptedException e) {
            if (held) {
                permits.release();
            }
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
