package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Deduplication holds across backend processes: the packaged jar runs twice, as two child processes
 * on two ports against one database, and 50 simultaneous reports at one spot, alternating between the
 * two, still make exactly one alert with 50 reports. Only the database can serialise them here.
 *
 * <p>Run by failsafe in {@code mvn verify}, after {@code package} has built target/quarkus-app.
 */
class TwoProcessDedupIT {
    private static final int REPORTS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private static String dbName;
    private static String jdbcUrl;
    private static final List<Backend> backends = new ArrayList<>();
    private static final Thread killChildren = new Thread(() -> backends.forEach(b -> b.process.destroyForcibly()));

    record Backend(String name, int port, Process process, Path log) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @BeforeAll
    static void startTwoBackends() throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), "the packaged backend is missing: run mvn package first (" + jar.toAbsolutePath() + ")");
        dbName = "signalement_it_2proc_" + ProcessHandle.current().pid();
        jdbcUrl = PostgisDatabase.create(dbName);
        // Whatever happens to this JVM, the children go with it.
        Runtime.getRuntime().addShutdownHook(killChildren);
        // The first one migrates the schema and loads Paris; the second then starts on the ready database.
        for (String name : List.of("A", "B")) {
            Backend b = start(name, jar);
            backends.add(b);
            awaitReady(b, Duration.ofSeconds(180));
        }
    }

    private static Backend start(String name, Path jar) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target/two-process-" + name + ".log").toAbsolutePath();
        Path photos = Path.of("target/two-process-photos-" + name).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_PROFILE", "prod");
        // A throwaway test database: the published token key is acceptable here.
        env.put("SIGNALEMENT_ALLOW_DEV_KEYS", "true");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgisDatabase.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgisDatabase.password());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SIGNALEMENT_PACKS_DIR", Path.of("../geo-data").toAbsolutePath().normalize().toString());
        env.put("SIGNALEMENT_PHOTOS_DIR", photos.toString());
        env.put("SIGNALEMENT_PUBLIC_URL", "http://127.0.0.1:" + port);
        // Every client here is 127.0.0.1: the per-address rate limits (tested in limit/RateLimitTest) would
        // refuse the load this test needs, and whether a bucket has refilled depends on the clock.
        env.put("SIGNALEMENT_LIMITS_ENABLED", "false");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Backend(name, port, pb.start(), log);
    }

    private static void awaitReady(Backend b, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!b.process.isAlive()) {
                fail("backend " + b.name + " exited with " + b.process.exitValue() + ":\n" + tail(b.log));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.url("/q/health/ready")))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("backend " + b.name + " not ready within " + timeout.toSeconds() + " s:\n" + tail(b.log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @AfterAll
    static void stopBackends() throws Exception {
        try {
            for (Backend b : backends) {
                b.process.destroy();
            }
            for (Backend b : backends) {
                if (!b.process.waitFor(20, TimeUnit.SECONDS)) {
                    b.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (dbName != null) {
                PostgisDatabase.drop(dbName);
            }
        }
    }

    @Test
    void fiftySimultaneousReportsOnTwoProcessesMakeOneAlert() throws Exception {
        assertEquals(2, backends.size());
        int spot = 40;
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(REPORTS);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                Backend b = backends.get(i % 2);
                // Scattered over a few metres, as phones' GPS would be.
                double lat = Spots.latNorth(spot, (i % 7 - 3) * 1.5);
                String body = String.format(Locale.ROOT, "{\"categoryCode\":\"%s\",\"lat\":%.7f,\"lon\":%.7f}",
                        Spots.POTHOLE, lat, Spots.lon(spot));
                HttpRequest request = HttpRequest.newBuilder(URI.create(b.url("/api/v1/reports")))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                futures.add(pool.submit(() -> {
                    gate.await();
                    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            gate.countDown();

            Set<Long> alerts = new HashSet<>();
            Set<String> trackingNumbers = new HashSet<>();
            int opened = 0;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get(120, TimeUnit.SECONDS);
                assertEquals(201, r.statusCode(), r.body());
                JsonNode ack = JSON.readTree(r.body());
                alerts.add(ack.get("alertId").asLong());
                trackingNumbers.add(ack.get("trackingNumber").asText());
                opened += ack.get("joinedExistingAlert").asBoolean() ? 0 : 1;
            }
            assertEquals(1, alerts.size(), "one alert for one pothole, whichever process took each report: " + alerts);
            assertEquals(REPORTS, trackingNumbers.size(), "every reporter has their own tracking number");
            assertEquals(1, opened, "exactly one report opened the alert");

            try (Connection c = DriverManager.getConnection(jdbcUrl, PostgisDatabase.user(), PostgisDatabase.password());
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*), max(report_count), (SELECT count(*) FROM report), "
                                 + "(SELECT count(DISTINCT tracking_number) FROM report) FROM alert")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "alerts in the database");
                assertEquals(REPORTS, rs.getInt(2), "the alert's report_count");
                assertEquals(REPORTS, rs.getInt(3), "reports in the database");
                assertEquals(REPORTS, rs.getInt(4), "distinct tracking numbers in the database");
            }
            for (Backend b : backends) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.url(String.format(Locale.ROOT,
                        "/api/v1/alerts/nearby?lat=%.7f&lon=%.7f&categoryCode=%s", Spots.lat(spot), Spots.lon(spot), Spots.POTHOLE))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode nearby = JSON.readTree(r.body());
                assertEquals(REPORTS, nearby.get(0).get("reportCount").asInt(), "process " + b.name + " sees the count");
                assertEquals(alerts.iterator().next(), nearby.get(0).get("alertId").asLong());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
