package fr.signalement.photo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes stored photos that no {@code photo} row points at, and temporary {@code .part} files, in
 * whichever {@link PhotoStore} is configured. A
 * report's photos are written before the transaction that records them (see {@link PhotoStore});
 * a crash, a full disk or a killed process in between leaves files behind. Only files older than a
 * safe age are considered, far longer than any request takes, so a photo whose report is being
 * recorded right now is never touched. Runs at start-up (the first run of an interval job) and then
 * on schedule; several processes may run it at once, they remove the same orphans.
 */
@ApplicationScoped
public class PhotoSweeper {
    private static final Logger LOG = Logger.getLogger(PhotoSweeper.class);
    private static final int BATCH = 500;

    @Inject
    PhotoStore store;
    @Inject
    fr.signalement.schedule.OncePerSlot once;
    @ConfigProperty(name = "signalement.photo-sweep.every")
    String every;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "signalement.photo-sweep.min-age", defaultValue = "PT1H")
    Duration minAge;

    /** What one sweep removed. */
    public record Swept(int orphanFiles, int partFiles) {
    }

    @Scheduled(identity = "photo-sweep", every = "{signalement.photo-sweep.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled(io.quarkus.scheduler.ScheduledExecution execution) {
        try {
            // Once per interval across replicas: they started at different times, their windows agree.
            once.run("photo-sweep", fr.signalement.schedule.OncePerSlot.slot(execution, every), () -> sweep());
        } catch (RuntimeException e) {
            LOG.warnf("Photo sweep not done: %s", e.toString());
        }
    }

    public Swept sweep() {
        return sweep(Instant.now().minus(minAge));
    }

    /** Sweeps what was written before {@code cutoff} (tests choose it rather than wait). */
    public Swept sweep(Instant cutoff) {
        int parts = store.removeTemporary(cutoff);
        if (parts > 0) {
            LOG.infof("Photo sweep: %d stale temporary file(s) removed", parts);
        }
        List<String> keys = new ArrayList<>();
        store.keysOlderThan(cutoff, keys::add);
        Set<String> known = referenced(keys);
        int orphans = 0;
        for (String key : keys) {
            if (known.contains(key)) {
                continue;
            }
            // Counted by object, as the files were: the photo and its thumbnail.
            orphans += (store.exists(key, false) ? 1 : 0) + (store.exists(key, true) ? 1 : 0);
            store.delete(key);
            LOG.infof("Photo sweep: orphan photo %s removed (no photo row points at it)", key);
        }
        if (orphans + parts > 0) {
            LOG.infof("Photo sweep (%s): %d orphan object(s) and %d temporary file(s) older than %s removed", store.kind(), orphans, parts, minAge);
        }
        return new Swept(orphans, parts);
    }

    /** The keys among {@code keys} that a photo row points at. */
    private Set<String> referenced(List<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = keys;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     // The original and the public (blurred) version are both stored photos.
                     "SELECT storage_key FROM photo WHERE storage_key = ANY (?) "
                             + "UNION SELECT public_storage_key FROM photo WHERE public_storage_key = ANY (?)")) {
            for (int from = 0; from < all.size(); from += BATCH) {
                Array array = c.createArrayOf("text", all.subList(from, Math.min(all.size(), from + BATCH)).toArray());
                ps.setArray(1, array);
                ps.setArray(2, array);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString("storage_key"));
                    }
                }
            }
        } catch (SQLException e) {
            // Without the database nothing can be called an orphan: keep everything.
            throw new IllegalStateException("Photo sweep: cannot read the photo rows", e);
        }
        return found;
    }
}
