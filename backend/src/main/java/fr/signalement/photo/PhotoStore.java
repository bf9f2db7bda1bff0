package fr.signalement.photo;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where photo bytes live: a folder on one machine ({@link FilePhotoStore}, the default) or an
 * S3-compatible bucket shared by every backend replica ({@link S3PhotoStore}), chosen by
 * {@code signalement.photos.store} (see {@link PhotoStores}). A photo is written before the database
 * row that points at it and deleted again if that transaction fails (see report.Intake); what a
 * crash leaves behind is removed by {@link PhotoSweeper}. Each key names two objects, the photo
 * and its thumbnail, under the same names in both stores ({@link #name}), so moving an installation
 * from one to the other is a copy ({@link PhotoMigration}).
 */
public interface PhotoStore {
    /** Writes the photo and its thumbnail; returns the storage key (random: it cannot be guessed). */
    default String write(ProcessedPhoto photo) {
        String key = newKey();
        put(key, photo.jpeg(), photo.thumbnail());
        return key;
    }

    /** The bytes of a stored photo (or of its thumbnail); 404 problem if it is missing (purged meanwhile). */
    byte[] read(String key, boolean thumbnail);

    /** Removes the photo and its thumbnail; nothing if they are gone already. */
    void delete(String key);

    /** Whether the photo (or its thumbnail) is stored. */
    boolean exists(String key, boolean thumbnail);

    /** Writes both objects under a given key (a copy from another store). */
    void put(String key, byte[] jpeg, byte[] thumbnail);

    /**
     * A short-lived address the client fetches the bytes from directly, without passing through a
     * backend replica; empty when this store serves its bytes through the backend only.
     */
    Optional<URI> link(String key, boolean thumbnail, Duration validity);

    /**
     * Every storage key with an object last written before {@code before}, once each (the photo or
     * its thumbnail may be missing after a crash); temporary objects are left out.
     */
    void keysOlderThan(Instant before, Consumer<String> key);

    /** Removes temporary objects (an interrupted write) older than {@code before}; answers how many. */
    int removeTemporary(Instant before);

    /** The store's name for the configuration and the logs. */
    String kind();

    /** The object name of a key's photo or thumbnail, the same in every store. */
    static String name(String key, boolean thumbnail) {
        return key + (thumbnail ? "_thumb.jpg" : ".jpg");
    }

    /** The key an object name belongs to; empty for a name that is no photo's. */
    static Optional<String> keyOf(String name) {
        if (name.endsWith("_thumb.jpg")) {
            return Optional.of(name.substring(0, name.length() - "_thumb.jpg".length()));
        }
        if (name.endsWith(".jpg")) {
            return Optional.of(name.substring(0, name.length() - ".jpg".length()));
        }
        return Optional.empty();
    }

    /** A new key: the day (to spread objects over folders and prefixes) and 122 random bits. */
    static String newKey() {
        return java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/') + "/" + java.util.UUID.randomUUID();
    }
}
