package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Photos in a folder ({@code signalement.photos.dir}): for one machine. Each file is written to a
 * {@code .part} file first and moved into place, so a reader never sees half a photo.
 */
@ApplicationScoped
@Typed(FilePhotoStore.class)
public class FilePhotoStore implements PhotoStore {
    private static final String PART = ".part";

    @Inject
    PhotoConfig config;

    @Override
    public void put(String key, byte[] jpeg, byte[] thumbnail) {
        try {
            writeAtomically(file(key, false), jpeg);
            writeAtomically(file(key, true), thumbnail);
        } catch (IOException e) {
            delete(key);
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(String key, boolean thumbnail) {
        try {
            return Files.readAllBytes(file(key, thumbnail));
        } catch (NoSuchFileException e) {
            throw ProblemException.notFound("Le fichier de cette photo est introuvable.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean exists(String key, boolean thumbnail) {
        return Files.isRegularFile(file(key, thumbnail));
    }

    @Override
    public Optional<URI> link(String key, boolean thumbnail, Duration validity) {
        return Optional.empty();
    }

    /** The file of a photo (or of its thumbnail). */
    public Path file(String key, boolean thumbnail) {
        return root().resolve(PhotoStore.name(key, thumbnail));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(file(key, false));
            Files.deleteIfExists(file(key, true));
        } catch (IOException ignored) {
            // Best effort: the orphan sweep in PhotoSweeper removes what remains.
        }
    }

    @Override
    public void keysOlderThan(Instant before, Consumer<String> key) {
        Set<String> keys = new LinkedHashSet<>();
        walk(f -> {
            String rel = relative(f);
            if (!rel.endsWith(PART) && olderThan(f, before)) {
                PhotoStore.keyOf(rel).ifPresent(keys::add);
            }
        });
        keys.forEach(key);
    }

    @Override
    public int removeTemporary(Instant before) {
        int[] removed = {0};
        walk(f -> {
            if (relative(f).endsWith(PART) && olderThan(f, before)) {
                try {
                    if (Files.deleteIfExists(f)) {
                        removed[0]++;
                    }
                } catch (IOException ignored) {
                    // Still there next time.
                }
            }
        });
        return removed[0];
    }

    @Override
    public String kind() {
        return "filesystem " + root();
    }

    private Path root() {
        return Path.of(config.dir()).toAbsolutePath();
    }

    private String relative(Path f) {
        return root().relativize(f).toString().replace('\\', '/');
    }

    private void walk(Consumer<Path> each) {
        if (!Files.isDirectory(root())) {
            return;
        }
        try (Stream<Path> files = Files.walk(root())) {
            files.filter(Files::isRegularFile).forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean olderThan(Path f, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff);
        } catch (IOException gone) {
            return false;
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + PART);
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
