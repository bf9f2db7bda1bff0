package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Photo files left by a crash (no row points at them) and stale .part files are removed, and nothing else. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class PhotoSweeperTest {
    @Inject
    PhotoSweeper sweeper;
    @Inject
    FilePhotoStore store;
    @Inject
    PhotoConfig config;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = PhotoSweeperTest.class.getResourceAsStream("/photos/" + name)) {
            return in.readAllBytes();
        }
    }

    /** As if written a while ago: older than the sweeper's safe age. */
    private static Path aged(Path f) throws IOException {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        return f;
    }

    private Path write(String relative, boolean old) throws IOException {
        Path f = Path.of(config.dir()).resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[]{1, 2, 3});
        return old ? aged(f) : f;
    }

    @Test
    void removesOldFilesNoRowPointsAtAndStalePartFilesOnly() throws IOException {
        Response r = given().multiPart("report", "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(140)
                        + ",\"lon\":" + Spots.lon(140) + "}", "application/json")
                .multiPart("photo", "street.jpg", fixture("street.jpg"), "image/jpeg")
                .post("/api/v1/reports");
        r.then().statusCode(201);
        // The recorded photo, made old: it has its row, it stays.
        String storedKey = storedKeyOfLatestPhoto();
        Path kept = aged(store.file(storedKey, false));
        Path keptThumb = aged(store.file(storedKey, true));

        String orphanKey = "2026/01/02/" + UUID.randomUUID();
        Path orphan = write(orphanKey + ".jpg", true);
        Path orphanThumb = write(orphanKey + "_thumb.jpg", true);
        String recentKey = "2026/01/02/" + UUID.randomUUID();
        Path recent = write(recentKey + ".jpg", false);
        Path stalePart = write("2026/01/02/" + UUID.randomUUID() + ".jpg.part", true);
        Path freshPart = write("2026/01/02/" + UUID.randomUUID() + ".jpg.part", false);

        PhotoSweeper.Swept swept = sweeper.sweep();

        assertFalse(Files.exists(orphan), "an old file without a row goes");
        assertFalse(Files.exists(orphanThumb), "with its thumbnail");
        assertFalse(Files.exists(stalePart), "an old .part file goes");
        assertTrue(Files.exists(kept) && Files.exists(keptThumb), "a photo with its row stays");
        assertTrue(Files.exists(recent), "a recent file may belong to a report being recorded: it stays");
        assertTrue(Files.exists(freshPart), "a .part file being written stays");
        assertTrue(swept.orphanFiles() >= 2, swept.toString());
        assertTrue(swept.partFiles() >= 1, swept.toString());
        assertEquals(new PhotoSweeper.Swept(0, 0), sweeper.sweep(), "nothing more to remove");
        Files.deleteIfExists(recent);
        Files.deleteIfExists(freshPart);
    }

    @Inject
    io.agroal.api.AgroalDataSource db;

    private String storedKeyOfLatestPhoto() {
        try (var c = db.getConnection();
             var rs = c.createStatement().executeQuery("SELECT storage_key FROM photo ORDER BY id DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
