package fr.signalement.notify;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who is to hear about an alert, read straight from the database when the notification goes out
 * (never from the event), so an address erased in the meantime is never written to.
 */
@ApplicationScoped
public class Recipients {
    @Inject
    AgroalDataSource dataSource;

    /** A reporter who left an address, with what their e-mails say about their report. */
    public record Reporter(long reportId, String trackingNumber, Instant receivedAt, String email, long alertId,
                           String categoryLabel, String address, String serviceName, String serviceEmail,
                           String servicePhone, String servicePostalAddress, Instant dueAt, String commune) {
    }

    /** An alert as staff and agents read it in a notification. */
    public record AlertInfo(long id, String status, String categoryLabel, String address, String quartierCode,
                            String channel, Instant createdAt, Instant dueAt, long serviceId, String serviceName,
                            String serviceEmail, String staffEmailMode, Long teamId, Long agentId,
                            String firstTrackingNumber, String firstDescription, int reportCount, String inseeCode) {
    }

    /** A citizen's web-push token and the report it follows. */
    public record CitizenDevice(String token, String trackingNumber) {
    }

    private static final String REPORTER_SQL = """
            SELECT r.id AS report_id, r.tracking_number, r.received_at, r.contact_email, a.id AS alert_id,
                   c.label AS category_label, coalesce(r.address, a.address) AS address,
                   s.name AS service_name, s.email AS service_email, s.phone AS service_phone,
                   s.postal_address AS service_postal_address, a.due_at,
                   (SELECT co.name FROM commune co WHERE co.insee_code = coalesce(r.insee_code, a.insee_code)) AS commune
            FROM report r
            JOIN alert a ON a.id = r.alert_id
            JOIN category c ON c.id = a.category_id
            JOIN service s ON s.id = a.service_id
            WHERE r.contact_email IS NOT NULL AND r.contact_erased_at IS NULL
            """;

    public Optional<Reporter> reporter(long reportId) {
        List<Reporter> found = reporters(REPORTER_SQL + " AND r.id = ?", reportId);
        return found.stream().findFirst();
    }

    /** Every reporter of the alert with an address (the reports of merged alerts point here too). */
    public List<Reporter> reportersOf(long alertId) {
        return reporters(REPORTER_SQL + " AND r.alert_id = ? ORDER BY r.id", alertId);
    }

    private List<Reporter> reporters(String sql, long id) {
        return query(sql, id, rs -> new Reporter(rs.getLong("report_id"), rs.getString("tracking_number"),
                instant(rs, "received_at"), rs.getString("contact_email"), rs.getLong("alert_id"),
                rs.getString("category_label"), rs.getString("address"), rs.getString("service_name"),
                rs.getString("service_email"), rs.getString("service_phone"), rs.getString("service_postal_address"),
                instant(rs, "due_at"), rs.getString("commune")));
    }

    /** Alerts as {@link AlertInfo} reads them; callers add their WHERE clause (on {@code alert a}). */
    static final String ALERT_SQL = """
            SELECT a.id, a.status, c.label AS category_label, a.address, a.quartier_code, a.channel, a.created_at,
                   a.due_at, s.id AS service_id, s.name AS service_name, s.email AS service_email, s.staff_email_mode,
                   a.team_id, a.agent_id, r.tracking_number AS first_tracking_number,
                   r.description AS first_description, a.report_count, a.insee_code
            FROM alert a
            JOIN category c ON c.id = a.category_id
            JOIN service s ON s.id = a.service_id
            LEFT JOIN LATERAL (SELECT tracking_number, description FROM report
                               WHERE alert_id = a.id ORDER BY received_at, id LIMIT 1) r ON true
            """;

    public Optional<AlertInfo> alert(long alertId) {
        return query(ALERT_SQL + " WHERE a.id = ?", alertId, Recipients::alertInfo).stream().findFirst();
    }

    static AlertInfo alertInfo(ResultSet rs) throws SQLException {
        return new AlertInfo(rs.getLong("id"), rs.getString("status"), rs.getString("category_label"),
                rs.getString("address"), rs.getString("quartier_code"), rs.getString("channel"),
                instant(rs, "created_at"), instant(rs, "due_at"), rs.getLong("service_id"), rs.getString("service_name"),
                rs.getString("service_email"), rs.getString("staff_email_mode"), (Long) rs.getObject("team_id"),
                (Long) rs.getObject("agent_id"), rs.getString("first_tracking_number"), rs.getString("first_description"),
                rs.getInt("report_count"), rs.getString("insee_code"));
    }

    /** Keys of the photos the agent took after the fix that staff published (the others are staff-only). */
    public List<String> afterPhotoKeys(long alertId) {
        return query("""
                SELECT CAST(public_key AS text) AS k FROM photo
                WHERE alert_id = ? AND kind = 'AFTER' AND published_at IS NOT NULL ORDER BY id""", alertId, rs -> rs.getString("k"));
    }

    public List<CitizenDevice> citizenDevices(long alertId) {
        return query("""
                SELECT DISTINCT ON (d.token) d.token, r.tracking_number
                FROM push_device d JOIN report r ON r.id = d.report_id
                WHERE r.alert_id = ? ORDER BY d.token, r.id
                """, alertId, rs -> new CitizenDevice(rs.getString("token"), rs.getString("tracking_number")));
    }

    /** The devices of the agent the alert is assigned to and of every active member of its team. */
    public List<String> agentDevices(Long agentId, Long teamId) {
        if (agentId == null && teamId == null) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT DISTINCT d.token FROM push_device d JOIN staff_user u ON u.id = d.user_id
                     WHERE u.active AND (u.id = ? OR u.team_id = ?)
                     """)) {
            ps.setObject(1, agentId);
            ps.setObject(2, teamId);
            List<String> tokens = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(rs.getString("token"));
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read agents' devices", e);
        }
    }

    /** Forgets a token FCM says is no longer registered. */
    public void forgetDevice(String token) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM push_device WHERE token = ?")) {
            ps.setString(1, token);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget a push token", e);
        }
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, long id, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the recipients of a notification", e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
