package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photo uploads are admitted before their body is read (UploadAdmission): with one permit, an upload
 * whose body is still arriving holds it, and the next upload is answered 503 problem+json with
 * Retry-After as soon as its headers are in — the test never sends its body. Reports without photo go
 * on meanwhile, the held upload completes, and the permit comes back.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@TestProfile(UploadAdmissionTest.OnePermit.class)
class UploadAdmissionTest {
    public static class OnePermit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signalement.photos.uploads-at-once", "1");
        }
    }

    static final String BOUNDARY = "admission-test-boundary";

    @Inject
    UploadAdmission admission;
    @Inject
    AgroalDataSource db;

    @Test
    void aSecondUploadIsRefusedBeforeItsBodyWhileReportsWithoutPhotoGoOn() throws Exception {
        assertEquals(1, admission.available());
        long photosBefore = count("SELECT count(*) FROM photo");
        long reportsBefore = count("SELECT count(*) FROM report");
        byte[] held = multipart(PhotoUploadTest.reportJson(240), PhotoUploadTest.fixture("street.jpg"));
        int half = held.length / 2;

        try (Socket a = open()) {
            // Upload A: headers and half of its body; the rest is held back, so A keeps its permit.
            OutputStream outA = a.getOutputStream();
            outA.write(headers(held.length, false));
            outA.write(held, 0, half);
            outA.flush();
            waitFor("upload A to take the permit", () -> admission.available() == 0);

            // Upload B: headers only. The answer comes without a byte of its body sent.
            try (Socket b = open()) {
                b.getOutputStream().write(headers(3_000_000, false));
                b.getOutputStream().flush();
                Answer refused = read(b.getInputStream());
                assertEquals(503, refused.status, refused.toString());
                assertEquals("5", refused.headers.get("retry-after"), refused.toString());
                assertTrue(refused.headers.get("content-type").startsWith("application/problem+json"), refused.toString());
                assertTrue(refused.body.contains("\"status\":503"), refused.body);
            }
            // Upload C asks "100-continue" first: refused without the body, and the connection is closed.
            try (Socket c = open()) {
                c.getOutputStream().write(headers(3_000_000, true));
                c.getOutputStream().flush();
                Answer refused = read(c.getInputStream());
                assertEquals(503, refused.status, refused.toString());
                assertEquals("5", refused.headers.get("retry-after"), refused.toString());
                assertEquals("close", refused.headers.get("connection"), refused.toString());
                assertEquals(-1, c.getInputStream().read(), "connection closed after the refusal");
            }

            // Reports without photo, as JSON and as a small multipart body, are not held up by the permit.
            given().contentType("application/json").body(PhotoUploadTest.reportJson(241))
                    .post("/api/v1/reports").then().statusCode(201);
            PhotoUploadTest.upload(242, null, null, null).then().statusCode(201);
            assertEquals(0, admission.available(), "A still holds its permit");

            // A's body completes: A is taken in.
            outA.write(held, half, held.length - half);
            outA.flush();
            Answer accepted = read(a.getInputStream());
            assertEquals(201, accepted.status, accepted.toString());
        }
        waitFor("the permit to come back", () -> admission.available() == 1);
        PhotoUploadTest.upload(243, "street.jpg", PhotoUploadTest.fixture("street.jpg"), "image/jpeg").then().statusCode(201);
        waitFor("the permit to come back again", () -> admission.available() == 1);

        // Nothing lost, nothing stored for the refused uploads: A's and the last upload's photos, four reports.
        assertEquals(photosBefore + 2, count("SELECT count(*) FROM photo"));
        assertEquals(reportsBefore + 4, count("SELECT count(*) FROM report"));
    }

    private static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", RestAssured.port);
        s.setSoTimeout(60_000); // a generous bound: an answer that never comes fails the test
        return s;
    }

    private static byte[] headers(long length, boolean expectContinue) {
        return ("POST /api/v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + (expectContinue ? "Expect: 100-continue\r\n" : "")
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multipart(String report, byte[] photo) {
        return multipart(report, "street.jpg", "image/jpeg", photo);
    }

    /** A report and its photo as a multipart body, parts separated by {@link #BOUNDARY}. */
    static byte[] multipart(String report, String filename, String type, byte[] photo) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + report + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    /** One HTTP/1.1 answer with a Content-Length body (what Quarkus sends for these). */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int n = 0;
        while (n < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the answer's headers: " + head);
            }
            head.write(c);
            n = (c == '\r' || c == '\n') ? n + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        if (status == 100) {
            return read(in);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "waited 60 s for " + what);
            Thread.sleep(20);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
