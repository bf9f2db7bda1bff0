package fr.signalement.photo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.jboss.logging.Logger;
import org.opencv.core.Mat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Makes each photo's public version: the stored original is decoded, its faces and plates found
 * ({@link Anonymiser}) or staff's boxes taken, those regions blurred, and the result written as a
 * second stored photo referenced by {@code photo.public_storage_key}. Until then the public views
 * show a placeholder ("en cours d'anonymisation"); the report's acknowledgement never waits for it.
 * The queue is the {@code photo_anonymisation} table, filled by a trigger in the transaction that
 * records the photo; a worker takes the oldest row with {@code FOR UPDATE SKIP LOCKED} and keeps it
 * locked until its work commits, so a crash in between leaves the row to the next worker or the
 * next start, and several processes share the queue without doing a photo twice. The pixel work
 * runs on the photo workers ({@link DecodeSlots}), only when one is free: intake comes first.
 */
@ApplicationScoped
public class PhotoAnonymisation {
    private static final Logger LOG = Logger.getLogger(PhotoAnonymisation.class);
    /** After this many failed attempts a photo stays without public version (logged); staff still see it. */
    public static final int MAX_ATTEMPTS = 5;

    @Inject
    EntityManager em;
    @Inject
    PhotoStore store;
    @Inject
    DecodeSlots slots;
    @Inject
    PhotoConfig config;
    @Inject
    ObjectMapper json;

    // YuNet keeps state between calls: one detector per photo worker thread.
    private final ThreadLocal<Anonymiser> anonymisers = ThreadLocal.withInitial(Anonymiser::new);

    @Scheduled(identity = "photo-anonymisation", every = "{signalement.photos.anonymise-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warnf("Photo anonymisation interrupted: %s", e.toString());
        }
    }

    /** Works through the queue until it is empty or every photo worker is busy; answers how many photos were done. */
    public int drain() {
        int done = 0;
        while (true) {
            Step step = QuarkusTransaction.requiringNew().timeout(120).call(this::one);
            if (step == Step.NONE || step == Step.BUSY) {
                return done;
            }
            done += step == Step.DONE ? 1 : 0;
        }
    }

    enum Step { DONE, FAILED, NONE, BUSY }

    private Step one() {
        Optional<Tuple> claimed = em.createNativeQuery(AnonymisationSql.CLAIM, Tuple.class).getResultStream().findFirst();
        if (claimed.isEmpty()) {
            return Step.NONE;
        }
        Tuple job = claimed.get();
        long photoId = ((Number) job.get("photo_id")).longValue();
        boolean manual = (Boolean) job.get("manual");
        String original = (String) job.get("storage_key");
        String previous = (String) job.get("public_storage_key");
        List<Anonymiser.Box> staffBoxes = manual ? boxes((String) job.get("boxes")) : null;
        Optional<Result> result;
        try {
            byte[] data = store.read(original, false);
            result = slots.runIfFree(() -> work(data, staffBoxes));
        } catch (RuntimeException e) {
            LOG.warnf("Photo %d not anonymised: %s", photoId, e.toString());
            em.createNativeQuery(AnonymisationSql.RETRY_LATER).setParameter("photo", photoId).executeUpdate();
            if (e instanceof ProblemException) { // the file was purged meanwhile: nothing to publish
                em.createNativeQuery(AnonymisationSql.DEQUEUE).setParameter("photo", photoId).executeUpdate();
            }
            return Step.FAILED;
        }
        if (result.isEmpty()) {
            return Step.BUSY; // the row is left in the queue, unlocked at this transaction's end
        }
        String key = store.write(result.get().photo());
        try {
            em.createNativeQuery(AnonymisationSql.DONE).setParameter("key", key)
                    .setParameter("boxes", write(result.get().boxes()))
                    .setParameter("at", Instant.now().truncatedTo(ChronoUnit.MICROS))
                    .setParameter("photo", photoId).executeUpdate();
            em.createNativeQuery(AnonymisationSql.DEQUEUE).setParameter("photo", photoId).executeUpdate();
            em.flush();
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
        if (previous != null) {
            // The earlier public version (staff changed the boxes): removed now, or by the sweep if the commit fails.
            store.delete(previous);
        }
        return Step.DONE;
    }

    record Result(ProcessedPhoto photo, List<Anonymiser.Box> boxes) {
    }

    /** On a photo worker: decode the stored original, find (or take) the boxes, blur, encode. */
    private Result work(byte[] jpeg, List<Anonymiser.Box> given) {
        ImageHeader header = ImageHeader.read(jpeg);
        Mat image = Pixels.decode(jpeg, header, Math.max(header.width(), header.height()));
        try {
            List<Anonymiser.Box> boxes = given != null ? given : anonymisers.get().detect(image);
            Anonymiser.blur(image, boxes);
            return new Result(Pixels.encode(image, config.thumbnailEdgePx()), boxes);
        } finally {
            image.release();
        }
    }

    /** The boxes blurred in a photo's public version (detected, or as staff left them); empty before the first analysis. */
    public List<Anonymiser.Box> boxes(long photoId) {
        Object text = em.createNativeQuery(AnonymisationSql.BOXES).setParameter("photo", photoId).getSingleResult();
        return boxes((String) text);
    }

    /** Staff replace the boxes: the public version is made again from exactly these (no detection). */
    public void setBoxes(long photoId, List<Anonymiser.Box> boxes) {
        em.createNativeQuery(AnonymisationSql.SET_BOXES).setParameter("boxes", write(boxes)).setParameter("photo", photoId).executeUpdate();
        em.createNativeQuery(AnonymisationSql.REQUEUE_MANUAL).setParameter("photo", photoId).executeUpdate();
    }

    /** Photos waiting for their public version. */
    public long waiting() {
        return ((Number) em.createNativeQuery(AnonymisationSql.WAITING).getSingleResult()).longValue();
    }

    private List<Anonymiser.Box> boxes(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return json.readValue(text, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("photo.blur_boxes unreadable", e);
        }
    }

    private String write(List<Anonymiser.Box> boxes) {
        try {
            return json.writeValueAsString(boxes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
