package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Forwarding between two organisations, each running its own packaged Signalement (two processes,
 * two databases, ports 18150 and 18151): the commune A forwards an alert to the department B while
 * B is down; A retries, B comes up, takes the report over Open311 (fetching its photo through A's
 * signed, time-limited link), resolves it, and A reads the resolution back into the alert's
 * timeline and the reporter's follow-up page.
 *
 * <p>Run by failsafe in {@code mvn verify}, after {@code package} has built target/quarkus-app.
 */
class Open311ForwardingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final List<PackagedBackend> backends = new ArrayList<>();
    private static final List<String> databases = new ArrayList<>();

    @Test
    void anAlertForwardedToADownRemoteIsRetriedTakenThereAndItsResolutionComesBack() throws Exception {
        int portB = PackagedBackend.freePort();
        PackagedBackend a = start("A", PackagedBackend.freePort(), Map.of("SIGNALEMENT_OPEN311_FORWARD_EVERY", "1s",
                "SIGNALEMENT_OPEN311_FORWARD_RETRY_BASE", "1s", "SIGNALEMENT_OPEN311_FORWARD_RETRY_MAX", "2s",
                "SIGNALEMENT_OPEN311_FORWARD_POLL_EVERY", "1s",
                // B may take minutes to start on a loaded machine: A must not give up before.
                "SIGNALEMENT_OPEN311_FORWARD_MAX_ATTEMPTS", "100000"));
        a.awaitReady(Duration.ofSeconds(240));
        String dispatcherA = dispatcher(a);
        String key = "o311_" + UUID.randomUUID().toString().replace("-", "");
        // While B is down A's requests go where nothing listens. They are sent to B's own port only once B knows
        // A's key: a request B answered before that would be refused (403), and a refusal is not retried.
        int nobody = PackagedBackend.freePort();
        exec(a, """
                INSERT INTO service (code, name, email, phone, postal_address, open311_endpoint, open311_api_key, open311_jurisdiction)
                VALUES ('departement-b', 'Département B', 'dep@b.example', '01 00 00 00 00', 'Hôtel du Département', ?, ?, '75056')""",
                "http://127.0.0.1:" + nobody + "/open311/v2", key);

        // A reporter's report with a photo, at A; a dispatcher forwards it to the department.
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/photos/street.jpg")) {
            jpeg = in.readAllBytes();
        }
        String boundary = "----fwd" + UUID.randomUUID();
        String report = JSON.writeValueAsString(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(154),
                "lon", Spots.lon(154), "description", "Épave de camion"));
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + report + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        String second = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"q.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        byte[] body = concat(head.getBytes(StandardCharsets.UTF_8), jpeg, second.getBytes(StandardCharsets.UTF_8), jpeg,
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode ack = send(HttpRequest.newBuilder(URI.create(a.url("/api/v1/reports")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
        long alertId = ack.get("alertId").asLong();
        send(HttpRequest.newBuilder(URI.create(a.url("/api/v1/alerts/" + alertId + "/transitions")))
                .header("Authorization", "Bearer " + dispatcherA).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"FORWARDED\",\"forwardedTo\":\"Département B\"}")), 200);

        // B is not running: A keeps the row and retries.
        await("a failed attempt at A", () -> count(a, """
                SELECT count(*) FROM open311_forward WHERE alert_id = ? AND state = 'PENDING' AND attempts >= 2
                AND last_error IS NOT NULL""", alertId) == 1);

        // B starts and records the api key it gave A; A's next retry goes to B, and through.
        PackagedBackend b = start("B", portB, Map.of("SIGNALEMENT_OPEN311_MEDIA_ALLOW_PRIVATE_ADDRESSES", "true"))
                .awaitReady(Duration.ofSeconds(240));
        exec(b, "INSERT INTO open311_client (name, key_prefix, key_hash, created_by) VALUES ('Commune A', ?, ?, 'it')",
                key.substring(0, 9), sha256(key));
        exec(a, "UPDATE service SET open311_endpoint = ? WHERE code = 'departement-b'", "http://127.0.0.1:" + portB + "/open311/v2");
        await("sent from A to B", () -> count(a,
                "SELECT count(*) FROM open311_forward WHERE alert_id = ? AND state IN ('SENT', 'DONE')", alertId) == 1);
        String remoteId = text(a, "SELECT remote_id FROM open311_forward WHERE alert_id = ?", alertId);
        assertEquals("Épave de camion", text(b, "SELECT description FROM report WHERE tracking_number = ?", remoteId));
        assertEquals(2, count(b, """
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""", remoteId),
                "B fetched both photos through A's signed links");

        // B resolves it.
        String dispatcherB = dispatcher(b);
        long remoteAlert = count(b, "SELECT alert_id FROM report WHERE tracking_number = ?", remoteId);
        long team = count(b, "SELECT t.id FROM team t JOIN category c ON c.service_id = t.service_id WHERE c.code = ? LIMIT 1",
                Spots.BULKY);
        for (String step : List.of("{\"to\":\"QUALIFIED\"}", "{\"to\":\"ASSIGNED\",\"teamId\":" + team + "}",
                "{\"to\":\"IN_PROGRESS\"}", "{\"to\":\"RESOLVED\"}")) {
            send(HttpRequest.newBuilder(URI.create(b.url("/api/v1/alerts/" + remoteAlert + "/transitions")))
                    .header("Authorization", "Bearer " + dispatcherB).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(step)), 200);
        }

        // A reads the resolution back; the reporter sees it on their follow-up page.
        await("resolution read back at A", () -> count(a,
                "SELECT count(*) FROM open311_forward WHERE alert_id = ? AND state = 'DONE' AND remote_status = 'fixed'", alertId) == 1);
        JsonNode follow = send(HttpRequest.newBuilder(URI.create(a.url("/api/v1/reports/" + ack.get("trackingNumber").asText()
                + "?token=" + ack.get("followToken").asText()))).GET(), 200);
        String expected = "Chez Département B (n° " + remoteId + ") : résolu.";
        boolean shown = false;
        for (JsonNode step : follow.get("timeline")) {
            shown |= expected.equals(step.path("note").asText());
        }
        assertTrue(shown, follow.toString());
    }

    private static PackagedBackend start(String name, int port, Map<String, String> extra) throws Exception {
        String db = "sig_fwd_" + name.toLowerCase(Locale.ROOT) + "_" + ProcessHandle.current().pid();
        String jdbcUrl = PostgisDatabase.create(db);
        databases.add(db);
        PackagedBackend backend = PackagedBackend.start("forwarding-" + name, port, jdbcUrl, "384m", extra);
        backends.add(backend);
        return backend;
    }

    /** A dispatcher of every service, written to the database and signed in through the real endpoint. */
    private static String dispatcher(PackagedBackend b) throws Exception {
        String username = "regulation-" + b.name.toLowerCase(Locale.ROOT);
        String password = "secret-" + UUID.randomUUID();
        long id = count(b, """
                INSERT INTO staff_user (username, display_name, password_hash, roles)
                VALUES (?, 'Régulation', ?, '{DISPATCHER}') RETURNING id""", username, BCrypt.hashpw(password, BCrypt.gensalt(4)));
        exec(b, "INSERT INTO staff_service (user_id, service_id) SELECT ?, id FROM service", id);
        return send(HttpRequest.newBuilder(URI.create(b.url("/api/v1/auth/login"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username, "password", password)))),
                200).get("accessToken").asText();
    }

    private static JsonNode send(HttpRequest.Builder request, int expected) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("Timed out waiting for: " + what);
    }

    private static Connection connect(PackagedBackend b) throws SQLException {
        return DriverManager.getConnection(b.jdbcUrl, PostgisDatabase.user(), PostgisDatabase.password());
    }

    private static void exec(PackagedBackend b, String sql, Object... params) throws SQLException {
        try (Connection c = connect(b); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        }
    }

    private static long count(PackagedBackend b, String sql, Object... params) {
        Object v = scalar(b, sql, params);
        return v == null ? -1 : ((Number) v).longValue();
    }

    private static String text(PackagedBackend b, String sql, Object... params) {
        return (String) scalar(b, sql, params);
    }

    private static Object scalar(PackagedBackend b, String sql, Object... params) {
        try (Connection c = connect(b); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String sha256(String s) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (PackagedBackend b : backends) {
                b.close();
            }
        } finally {
            for (String db : databases) {
                PostgisDatabase.drop(db);
            }
        }
    }
}
