package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety, for real: the packaged backend runs as a child process against a PostgreSQL cluster
 * of its own (initdb'd here, on a free port, so it may be killed without harming anything else) and
 * an SMTP server in this JVM. Reports with a photo and an address come from several client threads;
 * mid-load the backend is killed with SIGKILL and started again, and later PostgreSQL is stopped in
 * immediate mode and started again under the running backend. Every report that got a 201 is there
 * exactly once with its photo, no report lacks its files and no file lacks its row (after the sweep),
 * every e-mail written to the outbox is delivered (a duplicate only with the same Message-ID), and
 * during the database outage requests get a 503 problem+json, never a 500, the readiness check is
 * DOWN, and the backend serves again without a restart.
 *
 * <p>Run by failsafe in {@code mvn verify}, after {@code package} has built target/quarkus-app.
 */
class CrashSafetyIT {
    private static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final Duration LONG = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final String[] CATEGORIES = {Spots.BULKY, Spots.POTHOLE, Spots.BAGS};

    private static Path work;
    private static Path pgData;
    private static int pgPort;
    private static String jdbcUrl;
    private static GreenMail smtp;
    private static int smtpPort;
    /** What earlier runs of the SMTP server received (it is stopped and started again). */
    private static final List<MimeMessage> receivedBefore = new ArrayList<>();
    private static Path photos;
    private static Process backend;
    private static int httpPort;
    private static Path backendLog;
    private static byte[] photo;
    private static final Thread killChildren = new Thread(() -> {
        if (backend != null) {
            backend.destroyForcibly();
        }
        if (pgData != null) {
            pgCtlQuietly("stop", "-m", "immediate");
        }
    });

    /** What the clients were told: tracking number → the address given. */
    private static final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    /** Answers other than 201 and 503 problem+json (never expected). */
    private static final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger unavailable = new AtomicInteger();
    private static final AtomicInteger sequence = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), "the packaged backend is missing: run mvn package first");
        Runtime.getRuntime().addShutdownHook(killChildren);
        work = Files.createTempDirectory("signalement-crash-");
        pgData = work.resolve("pg");
        photos = Path.of("target/crash-photos-" + ProcessHandle.current().pid()).toAbsolutePath();
        backendLog = Path.of("target/crash-backend.log").toAbsolutePath();
        try (InputStream in = CrashSafetyIT.class.getResourceAsStream("/photos/small.png")) {
            photo = in.readAllBytes();
        }
        startOwnPostgres();
        smtpPort = freePort();
        startSmtp();
        httpPort = freePort();
        startBackend();
    }

    @AfterAll
    static void stop() {
        try {
            if (backend != null) {
                backend.destroy();
                try {
                    if (!backend.waitFor(20, TimeUnit.SECONDS)) {
                        backend.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (smtp != null) {
                smtp.stop();
            }
            pgCtlQuietly("stop", "-m", "immediate");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            deleteTree(work);
            deleteTree(photos);
        }
    }

    @Test
    void nothingAcknowledgedIsLostThroughAKilledBackendAndADatabaseOutage() throws Exception {
        // 1. SIGKILL mid-load, then a restart. The mail server goes away first, so that e-mails are
        //    still waiting in the outbox when the backend dies.
        List<Long> pendingAtKill = new ArrayList<>();
        try (Load load = new Load(4)) {
            await("8 reports acknowledged", () -> acknowledged.size() >= 8);
            stopSmtp();
            int smtpDown = acknowledged.size();
            await("6 more reports acknowledged while the mail server is down", () -> acknowledged.size() >= smtpDown + 6);
            backend.destroyForcibly();
            assertTrue(backend.waitFor(60, TimeUnit.SECONDS));
            assertEquals(128 + 9, backend.exitValue(), "destroyForcibly() sends SIGKILL on Linux");
        }
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM outbox WHERE status = 'PENDING'")) {
            while (rs.next()) {
                pendingAtKill.add(rs.getLong("id"));
            }
        }
        assertTrue(pendingAtKill.size() >= 6, "e-mails were waiting when the backend died: " + pendingAtKill);
        // What a crash between writing a photo and committing its report leaves: a file without a row, a .part file.
        Path day = photos.resolve("2026/01/01");
        Files.createDirectories(day);
        Files.write(day.resolve(UUID.randomUUID() + ".jpg"), photo);
        Files.write(day.resolve(UUID.randomUUID() + ".jpg.part"), photo);
        int beforeRestart = acknowledged.size();
        startSmtp();
        startBackend();
        assertEverythingAcknowledgedIsThere();
        assertEveryEMailDelivered();
        Set<String> received = new HashSet<>();
        for (MimeMessage m : received()) {
            received.add(m.getMessageID());
        }
        for (long id : pendingAtKill) {
            assertTrue(received.contains("<outbox-" + id + "@127.0.0.1>"), "e-mail " + id + " waiting at the kill was delivered");
        }
        assertPhotoFilesMatchRows();
        assertEquals(List.of(), List.copyOf(unexpected), "answers other than 201 or 503");

        // 2. PostgreSQL stopped in immediate mode mid-load, then started again under the same backend.
        try (Load load = new Load(4)) {
            await("5 more reports acknowledged", () -> acknowledged.size() >= beforeRestart + 5);
            pgCtl("stop", "-m", "immediate");
            int unavailableBefore = unavailable.get();
            await("requests answered 503 while the database is down", () -> unavailable.get() >= unavailableBefore + 3);
            await("readiness DOWN while the database is down", () -> status("/q/health/ready") == 503);
            pgCtl("start", "-w", "-t", "120", "-l", work.resolve("pg.log").toString(), "-o", pgOptions());
            await("readiness UP again, without a restart", () -> status("/q/health/ready") == 200);
            int afterOutage = acknowledged.size();
            await("reports acknowledged again after the outage", () -> acknowledged.size() >= afterOutage + 5);
        }
        assertTrue(unavailable.get() >= 3);
        assertEquals(List.of(), List.copyOf(unexpected), "answers other than 201 or 503 problem+json");
        assertEverythingAcknowledgedIsThere();
        assertEveryEMailDelivered();
        assertPhotoFilesMatchRows();
    }

    // --- what must be true

    private static void assertEverythingAcknowledgedIsThere() throws SQLException {
        try (Connection c = db();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT count(*) AS reports, (SELECT count(*) FROM photo p WHERE p.report_id = min(r.id)) AS photos,
                            min(r.contact_email) AS email
                     FROM report r WHERE r.tracking_number = ?
                     """)) {
            for (Map.Entry<String, String> ack : Map.copyOf(acknowledged).entrySet()) {
                ps.setString(1, ack.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt("reports"), "report " + ack.getKey() + " exactly once");
                    assertEquals(1, rs.getInt("photos"), "report " + ack.getKey() + " with its photo");
                    assertEquals(ack.getValue(), rs.getString("email"));
                }
            }
        }
    }

    /** Every outbox e-mail reached the SMTP server; copies only with the same Message-ID and content. */
    private static void assertEveryEMailDelivered() throws Exception {
        await("the outbox delivered everything", () -> scalar("SELECT count(*) FROM outbox WHERE status = 'PENDING'") == 0);
        assertEquals(0, scalar("SELECT count(*) FROM outbox WHERE status <> 'SENT'"), "every outbox row SENT");
        Map<String, String> byMessageId = new HashMap<>();
        Map<String, Integer> acksTo = new HashMap<>();
        for (MimeMessage m : received()) {
            String id = m.getMessageID();
            String content = m.getAllRecipients()[0] + "|" + m.getSubject();
            String earlier = byMessageId.putIfAbsent(id, content);
            assertTrue(earlier == null || earlier.equals(content), "a duplicate is the same message: " + id);
            if (m.getSubject().contains("a bien été reçu")) {
                acksTo.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
            }
        }
        Set<String> ids = new HashSet<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM outbox WHERE channel = 'EMAIL'")) {
            while (rs.next()) {
                ids.add("<outbox-" + rs.getLong("id") + "@127.0.0.1>");
            }
        }
        assertTrue(byMessageId.keySet().containsAll(ids), "every outbox e-mail arrived");
        for (Map.Entry<String, String> ack : Map.copyOf(acknowledged).entrySet()) {
            assertTrue(acksTo.getOrDefault(ack.getValue(), 0) >= 1, "acknowledgement of " + ack.getKey() + " delivered");
        }
    }

    /** After a sweep, the photo files on disk are exactly those the photo rows point at. */
    private static void assertPhotoFilesMatchRows() throws Exception {
        // No request is in flight now: make every file older than the sweeper's safe age, as time would.
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(3)));
        // Anonymisation still writes files (a .part, then renamed): one that vanishes meanwhile is skipped.
        Set<String> listed = filesOnDisk();
        for (int tries = 0; tries < 100 && listed.stream().anyMatch(n -> n.startsWith("(unreadable")); tries++) {
            listed = filesOnDisk();
        }
        for (String name : listed) {
            // .part files too: the killed process left some, and they are orphans like any other. One
            // being written right now may be swept with them; its anonymisation is then done again.
            try {
                Files.setLastModifiedTime(photos.resolve(name), old);
            } catch (java.nio.file.NoSuchFileException gone) {
                // renamed or deleted since the listing
            }
        }
        // Each photo row has its original and, once anonymised in the background (still going on
        // after the restart), its public version: both stored photos, re-read at every check.
        try {
            await("the sweeper left exactly the files of the photo rows", () -> filesOnDisk().equals(filesOfRows()));
        } catch (AssertionError e) {
            Set<String> disk = filesOnDisk();
            Set<String> rows = filesOfRows();
            Set<String> extra = new java.util.TreeSet<>(disk);
            extra.removeAll(rows);
            Set<String> missing = new java.util.TreeSet<>(rows);
            missing.removeAll(disk);
            throw new AssertionError(e.getMessage() + "\non disk, no row: " + extra + "\nrow, no file: " + missing, e);
        }
    }

    private static Set<String> filesOfRows() {
        Set<String> expected = new HashSet<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT storage_key AS k FROM photo UNION ALL SELECT public_storage_key FROM photo WHERE public_storage_key IS NOT NULL")) {
            while (rs.next()) {
                expected.add(rs.getString("k") + ".jpg");
                expected.add(rs.getString("k") + "_thumb.jpg");
            }
        } catch (java.sql.SQLException e) {
            return Set.of("(unreadable: " + e + ")");
        }
        return expected;
    }

    private static Set<String> filesOnDisk() {
        try (Stream<Path> files = Files.walk(photos)) {
            Set<String> out = new HashSet<>();
            files.filter(Files::isRegularFile).forEach(f -> out.add(photos.relativize(f).toString().replace('\\', '/')));
            return out;
        } catch (IOException | java.io.UncheckedIOException e) {
            // A file renamed while the tree is walked (an anonymised version being written): the
            // caller's await reads again.
            return Set.of("(unreadable: " + e + ")");
        }
    }

    // --- the clients

    /** Client threads sending reports with a photo and an address until closed. */
    private static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Load(int clients) {
            for (int i = 0; i < clients; i++) {
                Thread t = new Thread(this::run, "crash-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void run() {
            while (running.get()) {
                int n = sequence.incrementAndGet();
                String email = "reporter-" + n + "@example.org";
                try {
                    HttpResponse<String> r = HTTP.send(report(n, email), HttpResponse.BodyHandlers.ofString());
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    if (r.statusCode() == 201) {
                        JsonNode ack = JSON.readTree(r.body());
                        acknowledged.put(ack.get("trackingNumber").asText(), email);
                    } else if (r.statusCode() == 503 && type.startsWith("application/problem+json")
                            && r.headers().firstValue("Retry-After").isPresent()) {
                        unavailable.incrementAndGet();
                    } else {
                        unexpected.add(r.statusCode() + " " + type + " " + r.body());
                    }
                } catch (IOException e) {
                    // The backend is dead or restarting: no answer, nothing promised.
                    pause();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void pause() {
            try {
                Thread.sleep(200); // back-off of a client whose server is gone, not a wait for a result
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(90).toMillis());
            }
        }
    }

    private static HttpRequest report(int n, String email) {
        // Spread over Paris, so reports open many alerts and join some.
        double lat = 48.840 + (n % 9) * 0.004;
        double lon = 2.300 + (n / 9 % 9) * 0.008;
        String json = String.format(Locale.ROOT,
                "{\"categoryCode\":\"%s\",\"lat\":%.6f,\"lon\":%.6f,\"description\":\"Crash test %d\",\"contactEmail\":\"%s\"}",
                CATEGORIES[n % CATEGORIES.length], lat, lon, n, email);
        String boundary = "crash" + n + "boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"small.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/reports"))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    // --- the mail server

    private static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private static void stopSmtp() {
        receivedBefore.addAll(List.of(smtp.getReceivedMessages()));
        smtp.stop();
    }

    private static List<MimeMessage> received() {
        List<MimeMessage> all = new ArrayList<>(receivedBefore);
        all.addAll(List.of(smtp.getReceivedMessages()));
        return all;
    }

    // --- the backend

    private static void startBackend() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("SIGNALEMENT_ALLOW_DEV_KEYS", "true");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        env.put("SIGNALEMENT_PACKS_DIR", Path.of("../geo-data").toAbsolutePath().normalize().toString());
        env.put("SIGNALEMENT_PHOTOS_DIR", photos.toString());
        env.put("SIGNALEMENT_PUBLIC_URL", "http://127.0.0.1:" + httpPort);
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("QUARKUS_MAILER_MOCK", "false");
        env.put("SIGNALEMENT_OUTBOX_POLL_INTERVAL", "PT1S");
        env.put("SIGNALEMENT_OUTBOX_FIRST_RETRY", "PT1S");
        env.put("SIGNALEMENT_OUTBOX_MAX_RETRY", "PT2S");
        env.put("SIGNALEMENT_PHOTO_SWEEP_EVERY", "2s");
        // Every client here is 127.0.0.1: the per-address rate limits (tested in limit/RateLimitTest) would
        // refuse the load this test needs, and whether a bucket has refilled depends on the clock.
        env.put("SIGNALEMENT_LIMITS_ENABLED", "false");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(backendLog.toFile()));
        backend = pb.start();
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            if (!backend.isAlive()) {
                fail("backend exited with " + backend.exitValue() + ":\n" + tail(backendLog));
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(500); // polling the health endpoint, the condition itself
        }
        fail("backend not ready within " + LONG.toSeconds() + " s:\n" + tail(backendLog));
    }

    private static int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // --- PostgreSQL of our own

    private static String pgOptions() {
        // fsync off: this cluster is killed in immediate mode, never the machine; it recovers from its WAL.
        return "-p " + pgPort + " -c listen_addresses=127.0.0.1 -k " + work + " -c fsync=off -c max_connections=100";
    }

    private static void startOwnPostgres() throws Exception {
        assertTrue(Files.isExecutable(PG_BIN.resolve("initdb")), "Debian's PostgreSQL 15 is needed at " + PG_BIN);
        pgPort = freePort();
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", work.toString()));
        }
        run(asPostgres(List.of(PG_BIN.resolve("initdb").toString(), "-D", pgData.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--no-sync")));
        pgCtl("start", "-w", "-t", "120", "-l", work.resolve("pg.log").toString(), "-o", pgOptions());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE signalement");
        }
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/signalement";
        try (Connection c = db()) {
            c.createStatement().execute("CREATE EXTENSION postgis");
        }
    }

    private static void pgCtl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PG_BIN.resolve("pg_ctl").toString(), "-D", pgData.toString()));
        cmd.addAll(List.of(args));
        run(asPostgres(cmd));
    }

    private static void pgCtlQuietly(String... args) {
        try {
            pgCtl(args);
        } catch (Exception | AssertionError ignored) {
            // already stopped
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** initdb and pg_ctl refuse to run as root: as root, they run as the postgres user. */
    private static List<String> asPostgres(List<String> cmd) {
        if (!isRoot()) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "still running: " + cmd);
        assertEquals(0, p.exitValue(), cmd + " failed:\n" + out);
    }

    // --- helpers

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    private static long scalar(String sql) {
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Waits for a condition, checked every 200 ms, at most {@link #LONG}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + LONG.toSeconds() + " s: " + what + "\n" + tail(backendLog));
            }
            if (backend != null && !backend.isAlive()) {
                fail("backend died while waiting for: " + what + "\n" + tail(backendLog));
            }
            Thread.sleep(200);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
