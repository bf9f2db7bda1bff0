package fr.signalement.notify;

import fr.signalement.Staff;
import fr.signalement.alert.AlertStatus;
import fr.signalement.staff.Accounts;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Test helpers: reports through the real intake API, status changes through the real dispatch API
 * (so the real lifecycle fires AlertChanged), staff signed in through the real login.
 */
@ApplicationScoped
public class Fixtures {
    // Notification tests use Spots 96–125 (other test classes use lower indices).

    /** The category whose service the tests' restricted dispatcher triages for. */
    public static final String RATS = "presence-de-rats";

    @Inject
    AgroalDataSource db;
    @Inject
    Accounts accounts;

    private Staff.Account admin;

    static Response report(String category, double lat, double lon, String email) {
        Map<String, Object> body = new HashMap<>(Map.of("categoryCode", category, "lat", lat, "lon", lon,
                "description", "Signalé pour les tests de notification"));
        if (email != null) {
            body.put("contactEmail", email);
        }
        Response r = given().contentType(ContentType.JSON).body(body).post("/api/v1/reports");
        r.then().statusCode(201);
        return r;
    }

    static long alertId(Response ack) {
        return ((Number) ack.path("alertId")).longValue();
    }

    public synchronized Staff.Account admin() {
        if (admin == null) {
            admin = Staff.create("ADMIN", null);
        }
        return admin;
    }

    /** A signed-in account with the given role, team and services (null: none). */
    public Staff.Account account(String role, Long teamId, List<Long> serviceIds) {
        String username = "notify-" + role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "secret-" + username;
        long id = accounts.create(new Accounts.NewAccount(username, "Test " + username, null, password, List.of(role),
                teamId, serviceIds)).id;
        return Staff.login(id, username, password, teamId);
    }

    /** A status change through the dispatch API, as an administrator. */
    public void change(long alertId, AlertStatus to, String reason, String forwardedTo, Long teamId, Long agentId, String note) {
        Map<String, Object> body = new HashMap<>();
        body.put("to", to.name());
        body.put("reason", reason);
        body.put("forwardedTo", forwardedTo);
        body.put("teamId", teamId);
        body.put("agentId", agentId);
        body.put("note", note);
        admin().as().body(body).post("/api/v1/alerts/{id}/transitions", alertId).then().statusCode(200);
    }

    public void change(long alertId, AlertStatus to) {
        change(alertId, to, null, null, null, null, null);
    }

    public void merge(long keptAlertId, long otherAlertId) {
        admin().as().body(Map.of("alertId", otherAlertId)).post("/api/v1/alerts/{id}/merge", keptAlertId)
                .then().statusCode(200);
    }

    /** A team of the service now in charge of the alert. */
    public long teamOf(long alertId) {
        return ((Number) scalar("""
                SELECT t.id FROM team t JOIN alert a ON a.service_id = t.service_id WHERE a.id = ? ORDER BY t.id LIMIT 1
                """, alertId)).longValue();
    }

    public int sql(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public long insertReturningId(String sql, Object... params) {
        return ((Number) scalar(sql, params)).longValue();
    }

    public Object scalar(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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

    /**
     * Waits until the outbox has nothing left to deliver: whatever the tests caused so far has been
     * sent (or skipped), so what has not arrived will not.
     */
    public void awaitOutboxDrained() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) scalar("SELECT count(*) FROM outbox WHERE status = 'PENDING'")).longValue() == 0);
    }

    public long serviceOf(String categoryCode) {
        return ((Number) scalar("SELECT service_id FROM category WHERE code = ?", categoryCode)).longValue();
    }
}
