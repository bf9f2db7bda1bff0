package fr.signalement.notify;

import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Test helpers: reports through the real API, and alert status changes made the way the dispatch
 * code makes them (the row updated and {@link AlertChanged} fired in the same transaction).
 */
@ApplicationScoped
public class Fixtures {
    @Inject
    Event<AlertChanged> changed;
    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource db;

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

    /** Changes the alert's status and fires AlertChanged in one transaction, as dispatch does. */
    public void change(long alertId, AlertStatus to, String reason, String forwardedTo, Long teamId, Long agentId, String note) {
        QuarkusTransaction.requiringNew().run(() -> {
            String from = (String) em.createNativeQuery("SELECT status FROM alert WHERE id = :id FOR UPDATE")
                    .setParameter("id", alertId).getSingleResult();
            boolean fin = to == AlertStatus.CLOSED || to == AlertStatus.REJECTED || to == AlertStatus.FORWARDED;
            em.createNativeQuery("""
                            UPDATE alert SET status = :to, reject_reason = :reason, forwarded_to = :fwd,
                                   team_id = coalesce(:team, team_id), agent_id = coalesce(:agent, agent_id),
                                   closed_at = CASE WHEN :fin THEN now() ELSE closed_at END, version = version + 1
                            WHERE id = :id
                            """)
                    .setParameter("to", to.name()).setParameter("reason", reason).setParameter("fwd", forwardedTo)
                    .setParameter("team", teamId).setParameter("agent", agentId).setParameter("fin", fin)
                    .setParameter("id", alertId).executeUpdate();
            em.createNativeQuery("""
                            INSERT INTO alert_event (alert_id, type, actor, from_status, to_status, note, reason)
                            VALUES (:id, 'TRANSITION', 'test', :from, :to, :note, :reason)
                            """)
                    .setParameter("id", alertId).setParameter("from", from).setParameter("to", to.name())
                    .setParameter("note", note).setParameter("reason", reason).executeUpdate();
            changed.fire(new AlertChanged(alertId, AlertStatus.valueOf(from), to, note, reason, forwardedTo, teamId,
                    agentId, null, "test", Instant.now()));
        });
    }

    public void change(long alertId, AlertStatus to) {
        change(alertId, to, null, null, null, null, null);
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

    /** A staff member (and, for an agent, its team) straight in the tables. */
    public long staffUser(String username, String role, Long teamId) {
        return insertReturningId("""
                INSERT INTO staff_user (username, display_name, roles, team_id) VALUES (?, ?, ARRAY[?], ?) RETURNING id
                """, username, "Test " + username, role, teamId);
    }

    public long team(long serviceId, String name) {
        return insertReturningId("INSERT INTO team (service_id, name) VALUES (?, ?) RETURNING id", serviceId, name);
    }

    public long serviceOf(String categoryCode) {
        return ((Number) scalar("SELECT service_id FROM category WHERE code = ?", categoryCode)).longValue();
    }
}
