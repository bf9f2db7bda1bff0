package fr.signalement.common;

import fr.signalement.PostgisDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upload parts a killed process left behind go; a part of an upload in flight stays. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class UploadLeftoversTest {
    @Inject
    UploadLeftovers leftovers;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path uploads;

    @Test
    void partsOlderThanAnyUploadAreRemovedAndFreshOnesKept() throws Exception {
        Files.createDirectories(uploads);
        // As Vert.x names them; one from a process killed two hours ago, one being received now.
        Path killed = Files.write(uploads.resolve(UUID.randomUUID().toString()), new byte[1024]);
        Files.setLastModifiedTime(killed, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path inFlight = Files.write(uploads.resolve(UUID.randomUUID().toString()), new byte[1024]);
        try {
            assertTrue(leftovers.sweep() >= 1);
            assertFalse(Files.exists(killed), "the killed process's part is gone");
            assertTrue(Files.exists(inFlight), "the part of an upload in flight stays");
        } finally {
            Files.deleteIfExists(inFlight);
        }
    }
}
