package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client polling 1,000 ids through the HAProxy of a multi-replica deployment (deploy/haproxy.cfg,
 * as shipped): HAProxy's default buffer (16 KB) refuses the ~18 KB request line with its own HTML
 * 400 before the backend sees it. Spot 56.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311ThroughHaproxyTest {
    @Inject
    Open311Clients clients;

    Process haproxy;

    @AfterEach
    void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aThousandIdsPassTheShippedHaproxy() throws Exception {
        Path bin = Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? Path.of("/usr/sbin/haproxy") : Path.of("/usr/bin/haproxy");
        // scripts/test.sh installs Debian's HAProxy; without it there is nothing to test.
        Assumptions.assumeTrue(Files.isExecutable(bin), "HAProxy absent");
        String key = clients.create("FixMyStreet via HAProxy " + System.nanoTime(), "dev@fms.example", null, "test").apiKey();
        String real = given().contentType("application/x-www-form-urlencoded; charset=utf-8").formParam("api_key", key)
                .formParam("service_code", Spots.BULKY).formParam("lat", Spots.lat(56)).formParam("long", Spots.lon(56))
                .post("/open311/v2/requests.xml").then().statusCode(200).extract().xmlPath()
                .getString("service_requests.request.service_request_id");

        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "-db", "-f",
                Path.of("../deploy/haproxy.cfg").toAbsolutePath().normalize().toString())
                .redirectErrorStream(true).redirectOutput(Path.of("target/open311-haproxy.log").toFile());
        String backend = "127.0.0.1:" + RestAssured.port;
        pb.environment().put("SIGNALEMENT_LISTEN", "127.0.0.1:" + port);
        pb.environment().put("SIGNALEMENT_STATS", "127.0.0.1:" + freePort());
        pb.environment().put("SIGNALEMENT_BACKEND_1", backend);
        pb.environment().put("SIGNALEMENT_BACKEND_2", backend);
        haproxy = pb.start();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            ids.add(String.format("SIG-2003-%06d", i));
        }
        ids.add(real);
        // As FixMyStreet's URI->query_form writes it: the commas encoded.
        URI uri = URI.create("http://127.0.0.1:" + port + "/open311/v2/requests.xml?service_request_id="
                + String.join("%2C", ids));
        assertTrue(uri.toString().length() > 17_000, "the line is longer than HAProxy's default buffer");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        Instant deadline = Instant.now().plusSeconds(60);
        HttpResponse<String> r = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 503) { // 503: HAProxy up, its check of the backend not yet passed
                    break;
                }
            } catch (IOException e) {
                // HAProxy not listening yet
            }
            Thread.sleep(200);
        }
        assertTrue(r != null, "HAProxy never answered; see target/open311-haproxy.log");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("<service_request_id>" + real + "</service_request_id>"), r.body());
    }
}
