package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The local cluster of deploy/local-cluster.sh (PostgreSQL primary + streaming replica, s3proxy,
 * two backend replicas, HAProxy), driven through HAProxy while one replica is killed with SIGKILL
 * and started again: every acknowledged report exists once, with its photo readable through either
 * replica; 50 simultaneous reports at one spot over both replicas make one alert; every
 * acknowledgement e-mail reaches the SMTP server as one message (one Message-ID); no scheduled job ran
 * twice for a slot; then the backup and restore drill brings every row and photo back.
 * (Spots 34–38.) Run by failsafe after package.
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final int CLIENTS = 4;
    private static final int REPORTS_EACH = 6;

    private static Path dir;
    private static Path script;
    private static final Map<String, String> env = new HashMap<>();
    private static GreenMail smtp;
    private static byte[] photo;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startCluster() throws Exception {
        assertTrue(Files.isRegularFile(Path.of("target/quarkus-app/quarkus-run.jar")), "run mvn package first");
        // Debian's PostgreSQL 15 and HAProxy are what the cluster is made of: without them there is nothing to test.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/lib/postgresql/15/bin/pg_basebackup"))
                && (Files.isExecutable(Path.of("/usr/sbin/haproxy")) || Files.isExecutable(Path.of("/usr/bin/haproxy"))),
                "PostgreSQL 15 binaries or HAProxy absent");
        script = Path.of("../deploy/local-cluster.sh").toAbsolutePath().normalize();
        dir = Path.of("/tmp/signalement-cluster-it-" + ProcessHandle.current().pid());
        int smtpPort = freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", "smtp"));
        smtp.start();
        env.put("CLUSTER_DIR", dir.toString());
        for (String port : List.of("HAPROXY_PORT", "BACKEND_PORT_1", "BACKEND_PORT_2", "STATS_PORT", "S3_PORT",
                "PG_PRIMARY_PORT", "PG_REPLICA_PORT")) {
            env.put(port, String.valueOf(freePort()));
        }
        env.put("QUARKUS_MAILER_MOCK", "false");
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        // Scheduled jobs fire every second on both replicas: many slots to claim twice, if they could be.
        env.put("SIGNALEMENT_PHOTO_SWEEP_EVERY", "1s");
        env.put("SIGNALEMENT_LIMITS_SWEEP_EVERY", "1s");
        env.put("SIGNALEMENT_OUTBOX_PURGE_EVERY", "1s");
        try (InputStream in = ClusterIT.class.getResourceAsStream("/photos/street.jpg")) {
            photo = in.readAllBytes();
        }
        cluster(Duration.ofMinutes(8), "start");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (script != null) {
                cluster(Duration.ofMinutes(2), "stop");
            }
        } finally {
            if (smtp != null) {
                smtp.stop();
            }
            if (dir != null) {
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void cluster(Duration timeout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/cluster-it.log").toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            fail("local-cluster.sh " + String.join(" ", args) + " failed; see target/cluster-it.log and " + dir);
        }
    }

    private static String url(String portVar, String path) {
        return "http://127.0.0.1:" + env.get(portVar) + path;
    }

    private static String jdbc() {
        return "jdbc:postgresql://127.0.0.1:" + env.get("PG_PRIMARY_PORT") + "/signalement";
    }

    private static HttpRequest reportRequest(String base, int spot, String email, String idempotencyKey) {
        String boundary = "cluster" + UUID.randomUUID();
        String json = String.format(Locale.ROOT, "{\"categoryCode\":\"%s\",\"lat\":%.7f,\"lon\":%.7f%s}", Spots.BULKY,
                Spots.lat(spot), Spots.lon(spot), email == null ? "" : ",\"contactEmail\":\"" + email + "\"");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                + json + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"street.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + photo.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(photo, 0, body, head.length, photo.length);
        System.arraycopy(tail, 0, body, head.length + photo.length, tail.length);
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** What a careful client does: the same request, same Idempotency-Key, until it gets its 201. */
    private static JsonNode sendUntilAcknowledged(int spot, String email) throws Exception {
        String key = UUID.randomUUID().toString();
        for (int attempt = 0; attempt < 60; attempt++) {
            try {
                HttpResponse<String> r = HTTP.send(reportRequest(url("HAPROXY_PORT", ""), spot, email, key),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    return JSON.readTree(r.body());
                }
                assertTrue(r.statusCode() >= 500, "only a server-side failure may be retried: " + r.statusCode() + " " + r.body());
            } catch (IOException dropped) {
                // The replica died with the connection open: send again.
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no acknowledgement after 60 attempts");
    }

    @Test
    void reportsSurviveAReplicaKilledMidRunAndEverythingHappensOnce() throws Exception {
        List<JsonNode> acks = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> runs = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            runs.add(clients.submit(() -> {
                for (int i = 0; i < REPORTS_EACH; i++) {
                    acks.add(sendUntilAcknowledged(34 + client, "cluster-" + client + "-" + i + "@example.org"));
                    sent.incrementAndGet();
                }
                return null;
            }));
        }
        // Mid-run: replica 1 dies without warning, and comes back later.
        while (sent.get() < CLIENTS * REPORTS_EACH / 3) {
            Thread.sleep(100);
        }
        cluster(Duration.ofMinutes(1), "kill", "1");
        for (Future<?> f : runs) {
            f.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        cluster(Duration.ofMinutes(5), "start-replica", "1");

        // Every acknowledged report exists exactly once (the retries carried the same key).
        assertEquals(CLIENTS * REPORTS_EACH, acks.size());
        Set<String> tracking = new HashSet<>();
        acks.forEach(a -> tracking.add(a.get("trackingNumber").asText()));
        assertEquals(acks.size(), tracking.size(), "one tracking number per report");
        try (Connection db = DriverManager.getConnection(jdbc(), "postgres", "")) {
            assertEquals(acks.size(), count(db, "SELECT count(*) FROM report WHERE contact_email LIKE 'cluster-%'"),
                    "no report twice, none lost");
            assertEquals(acks.size(), count(db, "SELECT count(DISTINCT r.id) FROM report r JOIN photo p ON p.report_id = r.id "
                    + "WHERE r.contact_email LIKE 'cluster-%'"), "each with its photo");
            // The public version is made in the background (either replica may do it): until then the
            // follow-up link serves a placeholder. Compare once every photo has its public version.
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (count(db, "SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id "
                    + "WHERE r.contact_email LIKE 'cluster-%' AND p.public_storage_key IS NULL") > 0) {
                assertTrue(System.nanoTime() < deadline, "every photo anonymised by one of the replicas");
                Thread.sleep(200);
            }
        }
        // Each photo, through either replica.
        for (JsonNode a : acks) {
            String follow = "/api/v1/reports/" + a.get("trackingNumber").asText() + "?token=" + a.get("followToken").asText();
            JsonNode page = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url("HAPROXY_PORT", follow))).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String photoUrl = page.get("photos").get(0).get("url").asText();
            byte[] first = null;
            for (String replica : List.of("BACKEND_PORT_1", "BACKEND_PORT_2")) {
                HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(replica, photoUrl))).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, r.statusCode(), replica + " " + photoUrl);
                if (first == null) {
                    first = r.body();
                } else {
                    assertArrayEquals(first, r.body(), "the same bytes from both replicas");
                }
            }
        }

        fiftySimultaneousReportsOverBothReplicasMakeOneAlert();

        // Every acknowledgement e-mail delivered, as one message. SMTP has no two-phase commit: a replica
        // killed after the server took the message but before the row was marked sent leaves the row to be
        // sent again, with the same Message-ID (notify/Postman), which the receiving side deduplicates.
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, Set<String>> received;
        int copies;
        do {
            received = new HashMap<>();
            copies = 0;
            for (MimeMessage m : smtp.getReceivedMessages()) {
                for (var to : m.getRecipients(Message.RecipientType.TO)) {
                    if (to.toString().startsWith("cluster-")) {
                        received.computeIfAbsent(to.toString(), k -> new HashSet<>()).add(m.getMessageID());
                        copies++;
                    }
                }
            }
            if (received.size() >= acks.size()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(acks.size(), received.size(), "every reporter got their e-mail: " + received.keySet());
        received.forEach((to, ids) -> assertEquals(1, ids.size(), to + " got " + ids.size() + " different messages"));
        System.out.printf("ClusterIT: %d acknowledgement e-mails, %d SMTP transmissions (a resend after the kill keeps its Message-ID)%n",
                received.size(), copies);
        try (Connection db = DriverManager.getConnection(jdbc(), "postgres", "")) {
            assertEquals(0, count(db, "SELECT count(*) FROM outbox o JOIN report r ON r.id = o.report_id "
                    + "WHERE r.contact_email LIKE 'cluster-%' AND o.status <> 'SENT'"), "every outbox row sent");
        }

        // No scheduled job ran twice for one slot, across both replicas' logs (the killed one's included).
        Pattern ran = Pattern.compile("Scheduled (\\S+) ran for slot (\\S+) on (\\S+)");
        Map<String, String> runsBySlot = new HashMap<>();
        Set<String> owners = new HashSet<>();
        for (String log : List.of("backend-1.log", "backend-2.log")) {
            for (String line : Files.readAllLines(dir.resolve(log))) {
                Matcher m = ran.matcher(line);
                if (m.find()) {
                    String before = runsBySlot.put(m.group(1) + "@" + m.group(2), m.group(3));
                    assertEquals(null, before, "ran twice: " + m.group(1) + " for " + m.group(2));
                    owners.add(m.group(3));
                }
            }
        }
        assertTrue(runsBySlot.size() >= 10, "the jobs did run: " + runsBySlot.size());
        assertTrue(owners.size() >= 2, "on more than one replica: " + owners);

        // Backup and restore drill: base backup + WAL archive + bucket copy into a fresh cluster and folder;
        // the script compares every report, alert, timeline step, photo and audit row, and every photo's objects.
        cluster(Duration.ofMinutes(5), "drill");
        assertTrue(Files.readString(Path.of("target/cluster-it.log")).contains("drill: OK"));
    }

    private void fiftySimultaneousReportsOverBothReplicasMakeOneAlert() throws Exception {
        int spot = 38;
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String base = url(i % 2 == 0 ? "BACKEND_PORT_1" : "BACKEND_PORT_2", "");
                double lat = Spots.latNorth(spot, (i % 7 - 3) * 1.5);
                String body = String.format(Locale.ROOT, "{\"categoryCode\":\"%s\",\"lat\":%.7f,\"lon\":%.7f}", Spots.POTHOLE, lat, Spots.lon(spot));
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                futures.add(pool.submit(() -> {
                    gate.await();
                    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            gate.countDown();
            Set<Long> alerts = new HashSet<>();
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get(3, TimeUnit.MINUTES);
                assertEquals(201, r.statusCode(), r.body());
                alerts.add(JSON.readTree(r.body()).get("alertId").asLong());
            }
            assertEquals(1, alerts.size(), "one alert: " + alerts);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
