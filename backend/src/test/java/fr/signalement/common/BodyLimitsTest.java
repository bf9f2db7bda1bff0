package fr.signalement.common;

import fr.signalement.PostgisDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.Spots;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    @ConfigProperty(name = "signalement.body-limits.multipart-slack")
    io.quarkus.runtime.configuration.MemorySize multipartSlack;
    @ConfigProperty(name = "signalement.photos.dir")
    String photoDir;

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
        long limit = body.asLongValue();
        // No Content-Length: the body is sent in chunks, four times as much as the limit.
        assertCutLikeADeclaredLength("application/json", limit, new ByteArrayInputStream(report(limit * 4)));
    }

    @Test
    void aChunkedUploadIsCutOnceItStreamsPastOneReportsPhotos() throws Exception {
        long limit = photos * photoBytes + multipartSlack.asLongValue();
        Set<Path> uploadsBefore = uploadsNow();
        Set<Path> photosBefore = filesIn(Path.of(photoDir));
        // A valid report part, then one photo part larger than a whole upload may be, in chunks.
        String head = "--B\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                + new String(report(200), StandardCharsets.UTF_8) + "\r\n--B\r\n"
                + "Content-Disposition: form-data; name=\"photo\"; filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
        assertCutLikeADeclaredLength("multipart/form-data; boundary=B", limit, stream(head, limit + 1024 * 1024));
        assertNoUploadsLeft(uploadsBefore);
        assertEquals(photosBefore, filesIn(Path.of(photoDir)), "no photo file written");
    }

    /**
     * {@code chunks} sent without a Content-Length, then a declared length over {@code limit}: both refused
     * with the same 413 problem, no error logged, no report written.
     */
    private void assertCutLikeADeclaredLength(String contentType, long limit, InputStream chunks) throws Exception {
        long reports = TestSql.count("SELECT count(*) FROM report");
        List<Answer> chunked = new ArrayList<>();
        List<LogRecord> errors = errorsLoggedDuring(() -> chunked.add(exchange(contentType, -1, chunks)));
        assertTooLarge(chunked.get(0), limit);
        Answer declared = exchange(contentType, limit + 1, null);
        assertTooLarge(declared, limit);
        assertEquals(declared.problem, chunked.get(0).problem);
        assertEquals(List.of(), errors.stream().map(BodyLimitsTest::describe).toList(), "a refusal is no server fault");
        assertEquals(reports, TestSql.count("SELECT count(*) FROM report"), "no report written");
    }

    /** The answer's head (status line and headers, lower-cased names) and its body as JSON. */
    record Answer(String head, JsonNode problem) {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            var m = java.util.regex.Pattern.compile("(?im)^" + name + ": *([^\r\n]*)").matcher(head);
            return m.find() ? m.group(1) : "";
        }
    }

    /**
     * POSTs to the reports over a plain socket: headers declaring {@code length} bytes (none sent), or,
     * with {@code length} -1, {@code body} in chunks from another thread while the answer is read.
     * The answer must come, and the server must then close the connection.
     */
    private Answer exchange(String contentType, long length, InputStream body) throws Exception {
        try (Socket socket = new Socket(reports.getHost(), reports.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + reports.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType + "\r\n"
                    + (length < 0 ? "Transfer-Encoding: chunked" : "Content-Length: " + length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                Thread writer = new Thread(() -> {
                    byte[] chunk = new byte[8192];
                    try {
                        for (int n; (n = body.read(chunk)) > 0; ) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(chunk, 0, n);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        // The server closed the connection: it reads no more of the body.
                    }
                });
                writer.setDaemon(true);
                writer.start();
            }
            var in = new DataInputStream(socket.getInputStream());
            Answer answer = readAnswer(in);
            try {
                assertEquals(-1, in.read(), "nothing after the answer");
            } catch (SocketException reset) {
                // Closed while the client was still sending: reset rather than ended, closed all the same.
            } catch (SocketTimeoutException open) {
                throw new AssertionError("the connection stays open after the answer", open);
            }
            return answer;
        }
    }

    /** An answer's head and its problem body. */
    private static Answer readAnswer(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        String h = head.toString();
        byte[] problem = new byte[Integer.parseInt(new Answer(h, null).header("content-length"))];
        in.readFully(problem);
        return new Answer(h, new ObjectMapper().readTree(problem));
    }

    @Test
    void aRefusedBodyOnItsWayIsReadToItsEndBeforeTheConnectionCloses() throws Exception {
        // A client sends its body without waiting (no Expect: 100-continue). Closed while that body still
        // arrives, the socket is reset by the kernel, and the reset can destroy the 413 before the client
        // reads it (the bad-input fuzz once got no answer at all). The rest of the body is read and dropped,
        // then the connection is closed: the client's writes go through and it reads a clean end.
        long limit = body.asLongValue();
        byte[] json = report(limit + 4 * 1024 * 1024); // more than the sockets' buffers hold: a closed peer resets it
        try (Socket socket = new Socket(reports.getHost(), reports.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + reports.getPath() + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            var in = new DataInputStream(socket.getInputStream());
            assertTooLarge(readAnswer(in), limit);
            for (int at = 0; at < json.length; at += 65536) {
                out.write(json, at, Math.min(65536, json.length - at));
            }
            out.flush();
            assertEquals(-1, in.read(), "closed once the body is in, not reset");
        }
    }

    /** A 413 problem for {@code limit}, the connection closed so that the client stops sending. */
    private static void assertTooLarge(Answer r, long limit) {
        assertEquals(413, r.status(), r.head);
        assertTrue(r.header("content-type").startsWith("application/problem+json"), r.head);
        assertEquals("close", r.header("connection"), r.head);
        assertEquals(413, r.problem.path("status").asInt(), r.problem.toString());
        assertTrue(r.problem.path("detail").asText().contains(BodyLimits.human(limit)), r.problem.toString());
        assertEquals(limit, r.problem.path("maxBytes").asLong(), r.problem.toString());
    }

    /** {@code head}, then filler up to {@code size} bytes, generated as it is read. */
    private static InputStream stream(String head, long size) {
        byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long sent;

            @Override
            public int read() {
                if (sent >= size) {
                    return -1;
                }
                return sent < prefix.length ? prefix[(int) sent++] : (int) (sent++ & 0x3F) + 32;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len && sent < size) {
                    b[off + n++] = (byte) read();
                }
                return n == 0 && len > 0 ? -1 : n;
            }
        };
    }

    interface Action {
        void run() throws Exception;
    }

    /** Errors (a stack trace, "Response has already been written") the server logged while {@code action} ran. */
    private static List<LogRecord> errorsLoggedDuring(Action action) throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler catcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(catcher);
        try {
            action.run();
            Thread.sleep(500); // what the server logs once the answer has left
        } finally {
            root.removeHandler(catcher);
        }
        return errors;
    }

    private static String describe(LogRecord r) {
        return r.getLoggerName() + ": " + r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown());
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
        return filesIn(Path.of(uploads));
    }

    private static Set<Path> filesIn(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toSet());
        }
    }
}
