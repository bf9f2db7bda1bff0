package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.common.RequestLoad;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photo work takes turns with the other requests (Turns): while a request keeps the server busy,
 * photo work that has had its share waits; once requests stop, it goes on. A photo upload is not one
 * of the requests photos give way to, or a flood of photos alone would slow itself down. Requests are
 * held in flight over raw sockets (headers sent, body not), so nothing here depends on timing: the
 * shares only move one way while a request is held.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class PhotoTurnsTest {
    @Inject
    DecodeSlots slots;
    @Inject
    RequestLoad load;
    @Inject
    UploadAdmission admission;

    @Test
    void photosGiveWayToRequestsThatKeepTheServerBusyAndGoOnWhenTheyStop() throws Exception {
        try (Socket held = hold("application/json", 400)) {
            waitFor("the held request to fill the last second", () -> load.share() > 0.9);
            // Photo work that has not had its share yet goes: this task runs until the workers were busy
            // 90 % of the last second, far over their minimum share (0.1; it takes seconds to fall back).
            // Then more photo work waits. The photos' share only falls while they are idle, and the held
            // request's share only rises: read after the call, a photo share still over 0.1 was over it at
            // the call. A test thread held up long enough for it to fall (seconds) does it again.
            boolean seen = false;
            for (int attempt = 0; attempt < 5 && !seen; attempt++) {
                assertEquals(Boolean.TRUE, slots.runIfFree(() -> {
                    waitFor("the photo workers to be busy", () -> slots.workShare() > 0.9);
                    return true;
                }).orElse(null));
                boolean ran = slots.runIfFree(() -> true).isPresent();
                seen = slots.workShare() > 0.1;
                assertTrue(!seen || !ran, "photo work waits while requests keep the server busy: "
                        + slots.workShare() + " / " + load.share());
            }
            assertTrue(seen, "the photo workers' share stayed over their minimum long enough to look");
        }
        // The held request is gone (its connection closed): the requests' share falls, the photos' turn comes.
        waitFor("photo work to go on", () -> slots.runIfFree(() -> true).isPresent());
    }

    @Test
    void aPhotoUploadIsNotARequestPhotosGiveWayTo() throws Exception {
        waitFor("earlier requests to be forgotten", () -> load.share() < 0.05);
        int free = admission.available();
        try (Socket upload = hold("multipart/form-data; boundary=turns", 3_000_000)) {
            waitFor("the upload to be admitted", () -> admission.available() == free - 1);
            // Had it been counted, a second and a half in flight would be 78 % of the last second.
            Thread.sleep(1500);
            assertTrue(load.share() < 0.05, "a photo upload in flight is not counted: " + load.share());
        }
        waitFor("the upload's permit to come back", () -> admission.available() == free);
    }

    @Test
    void aRequestWaitingForItsPhotoIsNotLoadItsPhotoWouldGiveWayTo() throws Exception {
        // A photo under 64 KB is not an upload (as an Open311 request's media_url is not): the request is
        // counted until it waits for its photo's work, which it would otherwise hold back itself.
        byte[] webp = PhotoUploadTest.fixture("street.webp");
        assertTrue(webp.length < 64 * 1024);
        waitFor("earlier requests to be forgotten", () -> load.share() < 0.05);
        List<DecodeSlots.Slot> held = new ArrayList<>();
        try {
            for (int i = 0; i < slots.capacity(); i++) {
                held.add(slots.take("test"));
            }
            // Every slot taken: the request waits its decode-wait (2 s), then gets a 503.
            CompletableFuture<Integer> answer = HttpClient.newHttpClient()
                    .sendAsync(withLength(PhotoUploadTest.reportJson(149), webp), HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode);
            double most = 0;
            while (!answer.isDone()) {
                most = Math.max(most, load.share());
                Thread.sleep(20);
            }
            assertEquals(503, answer.get());
            // Counted all along, two seconds of waiting would be 86 % of the last second.
            assertTrue(most < 0.3, "a request waiting for its photo is not counted: " + most);
        } finally {
            held.forEach(DecodeSlots.Slot::close);
        }
    }

    /** A report with a WebP photo, as multipart with its length declared (RestAssured sends it chunked: an upload). */
    private static HttpRequest withLength(String report, byte[] webp) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/v1/reports"))
                .header("Content-Type", "multipart/form-data; boundary=" + UploadAdmissionTest.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(UploadAdmissionTest.multipart(report, "street.webp", "image/webp", webp)))
                .build();
    }

    /** A POST whose headers are sent and whose body is not: in flight until the socket is closed. */
    private static Socket hold(String contentType, long length) throws IOException {
        Socket s = new Socket("127.0.0.1", RestAssured.port);
        s.getOutputStream().write(("POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
