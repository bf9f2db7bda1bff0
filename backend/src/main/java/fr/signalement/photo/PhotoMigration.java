package fr.signalement.photo;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Moves an installation's photos from the folder ({@link FilePhotoStore}) to the configured store
 * (S3): every photo a {@code photo} row points at is copied, read back from the bucket and compared
 * byte for byte; local files are removed only when asked and only once every photo checked out.
 * Safe to run again (what is already there with the same bytes is not sent twice): run it once with
 * the backends up, then stop them, run it again for what came in meanwhile, switch them to S3.
 * Command: {@code deploy/migrate-photos.sh} (see docs/deploy.md).
 */
@ApplicationScoped
public class PhotoMigration {
    private static final Logger LOG = Logger.getLogger(PhotoMigration.class);

    @Inject
    FilePhotoStore files;
    @Inject
    PhotoStore target;
    @Inject
    AgroalDataSource db;

    /** What a run did; {@code ok()} when every photo row has both objects, checked, in the target. */
    public record Outcome(int rows, int copied, int alreadyThere, List<String> missing, List<String> mismatched, int localRemoved) {
        public boolean ok() {
            return missing.isEmpty() && mismatched.isEmpty();
        }
    }

    public Outcome run(boolean removeLocal) {
        if (target instanceof FilePhotoStore || target.kind().startsWith("filesystem")) {
            throw new IllegalStateException("signalement.photos.store is filesystem: set it to s3 (and its bucket) to migrate");
        }
        List<String> keys = storageKeys();
        int copied = 0;
        int there = 0;
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> onDisk = new ArrayList<>();
        for (String key : keys) {
            boolean local = files.exists(key, false) && files.exists(key, true);
            if (!local) {
                if (target.exists(key, false) && target.exists(key, true)) {
                    there++;
                } else {
                    missing.add(key);
                    LOG.errorf("Photo %s: neither on disk nor in %s", key, target.kind());
                }
                continue;
            }
            byte[] jpeg = files.read(key, false);
            byte[] thumb = files.read(key, true);
            if (same(key, jpeg, thumb)) {
                there++;
            } else {
                target.put(key, jpeg, thumb);
                copied++;
            }
            // Read back from the target, whatever happened above: this is the check.
            if (same(key, jpeg, thumb)) {
                onDisk.add(key);
            } else {
                mismatched.add(key);
                LOG.errorf("Photo %s: the copy in %s differs from the file", key, target.kind());
            }
        }
        int removed = 0;
        if (removeLocal && missing.isEmpty() && mismatched.isEmpty()) {
            for (String key : onDisk) {
                files.delete(key);
                removed++;
            }
        }
        Outcome o = new Outcome(keys.size(), copied, there, missing, mismatched, removed);
        LOG.infof("Photo migration to %s: %s", target.kind(), o);
        return o;
    }

    private boolean same(String key, byte[] jpeg, byte[] thumb) {
        return target.exists(key, false) && target.exists(key, true)
                && Arrays.equals(jpeg, target.read(key, false)) && Arrays.equals(thumb, target.read(key, true));
    }

    private List<String> storageKeys() {
        List<String> keys = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT storage_key FROM photo ORDER BY id")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the photo rows", e);
        }
        return keys;
    }
}
