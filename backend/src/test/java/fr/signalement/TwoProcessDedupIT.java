package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private static final List<PackagedBackend> backends = new ArrayList<>();

    @BeforeAll
    static void startTwoBackends() throws Exception {
        dbName = "signalement_it_2proc_" + ProcessHandle.current().pid();
        jdbcUrl = PostgisDatabase.create(dbName);
        // The first one migrates the schema and loads Paris; the second then starts on the ready database.
        for (String name : List.of("A", "B")) {
            backends.add(PackagedBackend.start("2proc-" + name, PackagedBackend.freePort(), jdbcUrl, "512m", Map.of())
                    .awaitReady(Duration.ofSeconds(180)));
        }
    }

    @AfterAll
    static void stopBackends() throws Exception {
        try {
            for (PackagedBackend b : backends) {
                b.close();
            }
        } finally {
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
                PackagedBackend b = backends.get(i % 2);
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
            for (PackagedBackend b : backends) {
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
