package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import fr.signalement.retention.ContentRetention;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos in a real S3 server (s3proxy in its own process, see S3Server): written by the intake under
 * random keys, none on local disk, read back, served through pre-signed addresses, deleted by
 * retention, orphans swept, an installation's folder migrated and checked. (Spots 24–31.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@TestProfile(S3Profile.class)
class S3PhotoStoreTest {
    @Inject
    PhotoStore store;
    @Inject
    FilePhotoStore files;
    @Inject
    PhotoSweeper sweeper;
    @Inject
    PhotoMigration migration;
    @Inject
    ContentRetention content;
    @Inject
    PhotoConfig config;
    @ConfigProperty(name = "test.s3.bucket-dir")
    String bucketDir;

    Staff.Account dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
    }

    static byte[] jpeg() throws IOException {
        try (InputStream in = S3PhotoStoreTest.class.getResourceAsStream("/photos/street.jpg")) {
            return in.readAllBytes();
        }
    }

    static Response report(int spot) throws IOException {
        String json = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(spot) + ",\"lon\":" + Spots.lon(spot)
                + ",\"description\":\"Matelas\"}";
        Response r = given().multiPart("report", json, "application/json").multiPart("photo", "street.jpg", jpeg(), "image/jpeg")
                .post("/api/v1/reports");
        r.then().statusCode(201);
        return r;
    }

    static long alertOf(Response r) {
        return ((Number) r.path("alertId")).longValue();
    }

    static String storageKey(long alertId) {
        return (String) TestSql.scalar("SELECT storage_key FROM photo WHERE alert_id = ? ORDER BY id LIMIT 1", alertId);
    }

    static String publicKey(long alertId) {
        return TestSql.scalar("SELECT public_key FROM photo WHERE alert_id = ? ORDER BY id LIMIT 1", alertId).toString();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void aReportsPhotoLandsInTheBucketUnderARandomKeyAndNoneOnLocalDisk() throws Exception {
        String key = storageKey(alertOf(report(24)));
        assertTrue(key.matches("\\d{4}/\\d{2}/\\d{2}/[0-9a-f-]{36}"), key);
        assertTrue(store.exists(key, false) && store.exists(key, true));
        // On the S3 server's own disk, not in the backend's photo folder.
        String uuid = key.substring(key.lastIndexOf('/') + 1);
        List<Path> inBucket = filesUnder(Path.of(bucketDir));
        assertTrue(inBucket.stream().anyMatch(p -> p.getFileName().toString().equals(uuid + ".jpg")), inBucket.toString());
        assertTrue(inBucket.stream().anyMatch(p -> p.getFileName().toString().equals(uuid + "_thumb.jpg")), inBucket.toString());
        assertEquals(List.of(), filesUnder(Path.of(config.dir())), "nothing on the backend's disk");
        byte[] photo = store.read(key, false);
        assertTrue(photo.length > 1000 && (photo[0] & 0xff) == 0xff && (photo[1] & 0xff) == 0xd8, "a JPEG");
        assertTrue(store.read(key, true).length < photo.length, "the thumbnail is smaller");
    }

    @Test
    void photosAreServedThroughShortLivedPreSignedAddressesOnTheSameTermsAsBefore() throws Exception {
        long alert = alertOf(report(25));
        String key = storageKey(alert);
        String pub = publicKey(alert);
        // Unpublished, anonymous: still nothing, and no address to the bucket either.
        given().redirects().follow(false).get("/api/v1/photos/" + pub).then().statusCode(404);

        Response redirect = dispatcher.as().redirects().follow(false).get("/api/v1/photos/" + pub);
        redirect.then().statusCode(303);
        String location = redirect.header("Location");
        assertTrue(location.contains("X-Amz-Signature=") && location.contains("X-Amz-Expires="), location);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> direct = http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, direct.statusCode());
        assertArrayEquals(store.read(key, false), direct.body());

        Response thumb = dispatcher.as().redirects().follow(false).get("/api/v1/photos/" + pub + "/thumbnail");
        HttpResponse<byte[]> directThumb = http.send(HttpRequest.newBuilder(URI.create(thumb.header("Location"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(store.read(key, true), directThumb.body());

        // The signature covers the object: another key with the same signature is refused by the server.
        String forged = location.replace(key.substring(key.lastIndexOf('/') + 1), UUID.randomUUID().toString());
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(forged)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        // Unsigned, the bucket answers nothing.
        String unsigned = location.substring(0, location.indexOf('?'));
        assertEquals(403, http.send(HttpRequest.newBuilder(URI.create(unsigned)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void retentionDeletesThePhotosFromTheBucket() throws Exception {
        content.run(); // what is due already, out of the way
        long alert = alertOf(report(26));
        String key = storageKey(alert);
        dispatcher.as().body(Map.of("to", "REJECTED", "reason", "NOT_A_PROBLEM")).post("/api/v1/alerts/" + alert + "/transitions")
                .then().statusCode(200);
        TestSql.exec("UPDATE alert SET closed_at = now() - interval '366 days' WHERE id = ?", alert);
        assertTrue(store.exists(key, false));

        ContentRetention.Outcome o = content.run();

        assertEquals(1, o.photosPurged(), o.toString());
        assertFalse(store.exists(key, false), "the photo is gone from the bucket");
        assertFalse(store.exists(key, true), "its thumbnail too");
        assertEquals(0, TestSql.count("SELECT count(*) FROM photo WHERE alert_id = ?", alert));
    }

    @Test
    void objectsNoRowPointsAtAreSweptOnceOldEnoughAndNothingElse() throws Exception {
        String kept = storageKey(alertOf(report(27)));
        String orphan = PhotoStore.newKey();
        store.put(orphan, jpeg(), new byte[]{1, 2, 3});
        String halfOrphan = PhotoStore.newKey();
        store.put(halfOrphan, jpeg(), new byte[]{4});
        files.delete("none"); // harmless on a missing key

        // Written after this cutoff: too recent, whatever the clock says a second later.
        PhotoSweeper.Swept early = sweeper.sweep(Instant.now().minus(Duration.ofMinutes(10)));
        assertTrue(store.exists(orphan, false), "a recent object may belong to a report being recorded: it stays");

        PhotoSweeper.Swept swept = sweeper.sweep(Instant.now().plus(Duration.ofMinutes(10)));
        assertFalse(store.exists(orphan, false) || store.exists(orphan, true), "an old object without a row goes, with its thumbnail");
        assertFalse(store.exists(halfOrphan, false) || store.exists(halfOrphan, true));
        assertTrue(store.exists(kept, false) && store.exists(kept, true), "a photo with its row stays");
        assertEquals(0, early.orphanFiles(), early.toString());
        assertEquals(4, swept.orphanFiles(), swept.toString());
        assertEquals(new PhotoSweeper.Swept(0, 0), sweeper.sweep(Instant.now().plus(Duration.ofMinutes(10))), "nothing more");
    }

    @Test
    void theMigrationCopiesEveryPhotoFromDiskChecksEachAndSaysWhatIsMissing() throws Exception {
        // An installation that stored on disk: these photos are in the folder only.
        String first = storageKey(alertOf(report(28)));
        String second = storageKey(alertOf(report(29)));
        for (String key : List.of(first, second)) {
            files.put(key, store.read(key, false), store.read(key, true));
            store.delete(key);
            assertFalse(store.exists(key, false));
        }
        byte[] firstBytes = files.read(first, false);

        PhotoMigration.Outcome o = migration.run(true);

        assertTrue(o.ok(), o.toString());
        assertEquals(2, o.copied(), o.toString());
        assertEquals(o.rows(), o.copied() + o.alreadyThere(), "every row accounted for: " + o);
        assertArrayEquals(firstBytes, store.read(first, false));
        assertTrue(store.exists(second, true));
        assertFalse(files.exists(first, false) || files.exists(second, true), "local copies removed once all checked");
        assertEquals(0, migration.run(false).copied(), "run again: nothing to send");

        // A row whose photo is nowhere: reported, and nothing is removed from disk on such a run.
        String lost = storageKey(alertOf(report(30)));
        byte[] lostJpeg = store.read(lost, false);
        byte[] lostThumb = store.read(lost, true);
        store.delete(lost);
        String local = storageKey(alertOf(report(31)));
        files.put(local, store.read(local, false), store.read(local, true));
        PhotoMigration.Outcome missing = migration.run(true);
        assertFalse(missing.ok());
        assertEquals(List.of(lost), missing.missing());
        assertEquals(0, missing.localRemoved());
        assertTrue(files.exists(local, false), "kept on disk while anything is missing");
        store.put(lost, lostJpeg, lostThumb);
        files.delete(local);
    }
}
