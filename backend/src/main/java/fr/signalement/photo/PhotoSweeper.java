package fr.signalement.photo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes photo files that no {@code photo} row points at, and temporary {@code .part} files. A
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
    // The file names PhotoStore.file gives a storage key.
    private static final String PHOTO = ".jpg";
    private static final String THUMBNAIL = "_thumb.jpg";
    private static final String PART = ".part";

    @Inject
    PhotoConfig config;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "signalement.photo-sweep.min-age", defaultValue = "PT1H")
    Duration minAge;

    /** What one sweep removed. */
    public record Swept(int orphanFiles, int partFiles) {
    }

    @Scheduled(identity = "photo-sweep", every = "{signalement.photo-sweep.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warnf("Photo sweep not done: %s", e.toString());
        }
    }

    public Swept sweep() {
        Path root = Path.of(config.dir()).toAbsolutePath();
        if (!Files.isDirectory(root)) {
            return new Swept(0, 0);
        }
        Instant cutoff = Instant.now().minus(minAge);
        Map<String, List<Path>> byKey = new LinkedHashMap<>();
        int parts = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f) || !olderThan(f, cutoff)) {
                    continue;
                }
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.endsWith(PART)) {
                    if (Files.deleteIfExists(f)) {
                        parts++;
                        LOG.infof("Photo sweep: stale temporary file %s removed", rel);
                    }
                } else if (rel.endsWith(THUMBNAIL)) {
                    byKey.computeIfAbsent(rel.substring(0, rel.length() - THUMBNAIL.length()), k -> new ArrayList<>()).add(f);
                } else if (rel.endsWith(PHOTO)) {
                    byKey.computeIfAbsent(rel.substring(0, rel.length() - PHOTO.length()), k -> new ArrayList<>()).add(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> known = referenced(byKey.keySet());
        int orphans = 0;
        for (Map.Entry<String, List<Path>> e : byKey.entrySet()) {
            if (known.contains(e.getKey())) {
                continue;
            }
            for (Path f : e.getValue()) {
                try {
                    if (Files.deleteIfExists(f)) {
                        orphans++;
                    }
                } catch (IOException ex) {
                    LOG.warnf("Photo sweep: cannot remove %s: %s", f, ex.toString());
                }
            }
            LOG.infof("Photo sweep: orphan photo %s removed (no photo row points at it)", e.getKey());
        }
        if (orphans + parts > 0) {
            LOG.infof("Photo sweep: %d orphan file(s) and %d temporary file(s) older than %s removed", orphans, parts, minAge);
        }
        return new Swept(orphans, parts);
    }

    private static boolean olderThan(Path f, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff);
        } catch (IOException gone) {
            return false;
        }
    }

    /** The keys among {@code keys} that a photo row points at. */
    private Set<String> referenced(Set<String> keys) {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(keys);
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
