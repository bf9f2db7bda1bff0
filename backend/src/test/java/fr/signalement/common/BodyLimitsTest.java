package fr.signalement.common;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies are bounded by route before they are parsed: small for JSON and forms, one report's photos
 * for multipart; 413 problem+json, whether the size is declared or only seen as the bytes stream in.
 * Uploaded parts live in a temporary folder emptied when the request ends.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class BodyLimitsTest {
    @TestHTTPResource("/api/v1/reports")
    URI reports;
    @ConfigProperty(name = "signalement.body-limits.body")
    io.quarkus.runtime.configuration.MemorySize body;
    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    String uploads;
    @ConfigProperty(name = "signalement.photos.max-bytes")
    long photoBytes;
    @ConfigProperty(name = "signalement.photos.max-per-report")
    int photos;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A report whose description pads it to {@code bytes}: valid JSON, just too big. */
    private static byte[] report(long bytes) {
        String head = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(140) + ",\"lon\":" + Spots.lon(140)
                + ",\"description\":\"";
        return (head + "x".repeat((int) (bytes - head.length() - 2)) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonBodyOverTheLimitIsRefusedBeforeItIsRead() {
        long limit = body.asLongValue();
        given().contentType("application/json").body(report(limit + 1)).post("/api/v1/reports")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("Ko")).body("maxBytes", org.hamcrest.Matchers.equalTo((int) limit));
        // Just under the limit the body is read and judged on its content (the description is too long).
        given().contentType("application/json").body(report(limit - 1)).post("/api/v1/reports")
                .then().statusCode(400).body("field", org.hamcrest.Matchers.equalTo("description"));
    }

    @Test
    void aChunkedBodyIsCutOnceItStreamsPastTheLimit() throws Exception {
        // No Content-Length: the stream of unknown length is sent in chunks.
        byte[] big = report(body.asLongValue() * 4);
        HttpRequest req = HttpRequest.newBuilder(reports).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException closed) {
            return; // the server may close the connection while the client still sends: refused all the same
        }
        assertEquals(413, r.statusCode(), r.body());
    }

    @Test
    void aMultipartUploadOverOneReportsPhotosIsRefusedBeforeItIsStored() throws Exception {
        long limit = photos * photoBytes + 1024 * 1024;
        String head = "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        long size = limit + 1;
        // Sent as a stream: the client says how long it is, the server must not read it to refuse it.
        InputStream stream = new InputStream() {
            long sent;
            final byte[] prefix = head.getBytes(StandardCharsets.UTF_8);

            @Override
            public int read() {
                if (sent >= size) {
                    return -1;
                }
                return sent < prefix.length ? prefix[(int) sent++] : (int) (sent++ & 0x3F) + 32;
            }
        };
        Set<Path> before = uploadsNow();
        HttpRequest req = HttpRequest.newBuilder(reports).header("Content-Type", "multipart/form-data; boundary=B")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> stream), size))
                .build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertEquals(413, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.body());
        } catch (IOException closed) {
            // Refused and closed before the client finished sending: nothing was stored either.
        }
        assertNoUploadsLeft(before);
    }

    @Test
    void uploadedPartsAreDeletedWhenTheRequestEnds() throws Exception {
        Set<Path> before = uploadsNow();
        given().multiPart("report", "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":48.8049,\"lon\":2.1204}", "application/json")
                .multiPart("photo", "notes.jpg", "not a photo at all".repeat(1000).getBytes(), "image/jpeg")
                .post("/api/v1/reports").then().statusCode(422);
        assertNoUploadsLeft(before);
    }

    /**
     * No file left of this test's own requests. Files that were there before are not ours: a process
     * killed mid-upload (a crash test, an interrupted run) leaves its parts behind.
     */
    private void assertNoUploadsLeft(Set<Path> before) {
        await().atMost(Duration.ofSeconds(60)).until(() -> before.containsAll(uploadsNow()));
    }

    private Set<Path> uploadsNow() throws java.io.IOException {
        Path dir = Path.of(uploads);
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toSet());
        }
    }
}
