package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Photos on the filesystem. Files are written before the database row that points at them and
 * deleted again if that transaction fails (see report.Intake); what a crash leaves behind (files
 * without a row, {@code .part} files) is removed by {@link PhotoSweeper}.
 */
@ApplicationScoped
public class PhotoStore {
    @Inject
    PhotoConfig config;

    /** Writes the photo and its thumbnail; returns the storage key. */
    public String write(ProcessedPhoto photo) {
        String key = LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/" + UUID.randomUUID();
        try {
            writeAtomically(file(key, false), photo.jpeg());
            writeAtomically(file(key, true), photo.thumbnail());
        } catch (IOException e) {
            delete(key);
            throw new UncheckedIOException(e);
        }
        return key;
    }

    /** The file of a photo (or of its thumbnail), to serve; 404 if the file is missing (purged meanwhile). */
    public Path stored(Photo photo, boolean thumbnail) {
        Path file = file(photo.storageKey, thumbnail);
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("Le fichier de cette photo est introuvable.");
        }
        return file;
    }

    /** The bytes of a stored photo (or of its thumbnail), for work that runs after intake; 404 if purged meanwhile. */
    public byte[] read(String key, boolean thumbnail) {
        Path file = file(key, thumbnail);
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw ProblemException.notFound("Le fichier de cette photo est introuvable.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path file(String key, boolean thumbnail) {
        return Path.of(config.dir()).resolve(key + (thumbnail ? "_thumb.jpg" : ".jpg"));
    }

    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key, false));
            Files.deleteIfExists(file(key, true));
        } catch (IOException ignored) {
            // Best effort: the orphan sweep in PhotoSweeper removes what remains.
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
