package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most N photos decoded at once (N = the machine's cores unless configured). Decoding is pure
 * CPU and memory: a few large photos at once would otherwise starve every other request. A photo
 * that finds no free slot within a short wait is refused with a 503 and {@code Retry-After} rather
 * than queued without bound; the citizen app and Open311 clients retry, the report is not lost.
 */
@ApplicationScoped
public class DecodeSlots {
    /** Seconds a refused client is asked to wait: a decode takes a fraction of that. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int capacity;
    private final long waitMillis;
    private final Semaphore permits;

    @Inject
    public DecodeSlots(PhotoConfig config) {
        this.capacity = Math.max(1, config.decodeSlots().orElse(Runtime.getRuntime().availableProcessors()));
        this.waitMillis = config.decodeWait().toMillis();
        this.permits = new Semaphore(capacity, true);
    }

    /** A slot held until closed. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** How many photos may be decoded at once. */
    public int capacity() {
        return capacity;
    }

    /**
     * Takes a slot, waiting at most the configured time; {@code field} names the photo in the 503.
     * Close the slot when the photo's pixels are done with.
     */
    public Slot take(String field) {
        boolean taken;
        try {
            taken = permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            taken = false;
        }
        if (!taken) {
            throw new ProblemException(503, "Service momentanément surchargé",
                    "Trop de photos sont en cours de traitement : réessayez dans " + RETRY_AFTER_SECONDS
                            + " secondes ; rien n'a été enregistré.", field)
                    .header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        return permits::release;
    }
}
