package fr.signalement.open311;

import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.photo.PhotoLinks;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Service request updates (mySociety's GeoReport extension, {@code servicerequestupdates}): every
 * public change of status of an alert, once for each of its service requests (reports) received
 * before it. The description is the public outcome (status, reject reason, authority forwarded to),
 * never a staff note or another reporter's words; the media is the agents' "after" photo once staff
 * published it.
 *
 * <p>An update's id is {@code <step id>-<report id>}: unique, stable, and the same one a POST
 * answered for a reporter's own "not fixed", so a client does not show it twice.
 */
@ApplicationScoped
public class Open311Updates {
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    /** What GET servicerequestupdates asks for: a window on the update's time, optionally some requests. */
    public record Query(List<String> ids, Instant start, Instant end, int limit, int offset, List<String> communes) {
        public Query(List<String> ids, Instant start, Instant end, int limit, int offset) {
            this(ids, start, end, limit, offset, null);
        }

        /** The same question, asked of one jurisdiction's communes (null: the whole deployment). */
        public Query in(List<String> inseeCodes) {
            return new Query(ids, start, end, limit, offset, inseeCodes);
        }
    }

    /**
     * A step is a public status change when the status really changed (not a reassignment). A
     * forwarded alert's progress at the competent organisation (a REMOTE_STATUS step with its number
     * there: sent, then each status it reports) is public too, as a comment on the forwarded alert:
     * a client's users learn that the other organisation took it and resolved it. A deferred request
     * still waiting for its number stays out (the step with the number follows), and so does a failed
     * sending or follow-up ({@code alert.ForwardedProgress#failed}: its words are the error, for staff).
     */
    private static final String SELECT = """
            SELECT e.id AS event_id, r.id AS report_id, r.tracking_number, e.at, e.type, e.reason, e.note,
                   CASE WHEN e.type = 'REMOTE_STATUS' THEN 'FORWARDED' ELSE e.to_status END AS to_status,
                   a.forwarded_to,
                   CASE WHEN e.to_status IN ('RESOLVED', 'CLOSED') THEN
                     (SELECT CAST(p.public_key AS text) FROM photo p
                       WHERE p.alert_id = a.id AND p.kind = 'AFTER' AND p.published_at IS NOT NULL
                       ORDER BY p.id LIMIT 1) END AS photo_key
            FROM alert_event e
            JOIN alert a ON a.id = e.alert_id
            JOIN report r ON r.alert_id = e.alert_id AND r.received_at <= e.at
            WHERE ((e.from_status IS NOT NULL AND e.to_status IS NOT NULL AND e.to_status <> e.from_status)
                   OR (e.type = 'REMOTE_STATUS' AND e.data->>'remoteId' IS NOT NULL AND e.note IS NOT NULL
                       AND e.data->>'failed' IS NULL))
              AND e.at >= ? AND e.at <= ?
            """;

    public List<Map<String, Object>> find(Query q) {
        StringBuilder sql = new StringBuilder(SELECT);
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(q.start()), Timestamp.from(q.end())));
        if (q.ids() != null && !q.ids().isEmpty()) {
            sql.append(" AND r.tracking_number = ANY (?)");
            params.add(q.ids().toArray(String[]::new));
        }
        if (q.communes() != null) {
            sql.append(" AND r.insee_code = ANY (?)");
            params.add(q.communes().toArray(String[]::new));
        }
        sql.append(" ORDER BY e.at, e.id, r.id LIMIT ? OFFSET ?");
        params.add(q.limit());
        params.add(q.offset());
        return Open311Requests.list(dataSource, sql.toString(), params, this::row, "Open311 update query failed");
    }

    /** A report by its tracking number: its id and its alert's. */
    public record Target(long reportId, long alertId) {
    }

    public Optional<Target> target(String trackingNumber) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, alert_id FROM report WHERE tracking_number = ?")) {
            ps.setString(1, trackingNumber);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? Optional.of(new Target(rs.getLong("id"), rs.getLong("alert_id"))) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Open311 report lookup failed", e);
        }
    }

    static String updateId(long eventId, long reportId) {
        return eventId + "-" + reportId;
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        AlertStatus to = AlertStatus.valueOf(rs.getString("to_status"));
        boolean reopened = AlertEvent.REOPENED.equals(rs.getString("type"));
        String reason = rs.getString("reason");
        String photoKey = rs.getString("photo_key");
        return Open311Format.object(
                "update_id", updateId(rs.getLong("event_id"), rs.getLong("report_id")),
                "service_request_id", rs.getString("tracking_number"),
                "status", ExtendedStatus.of(to, reason, reopened).wire(),
                "updated_datetime", Open311Requests.w3c(rs.getTimestamp("at")),
                "description", AlertEvent.REMOTE_STATUS.equals(rs.getString("type")) ? rs.getString("note")
                        : describe(to, reason, rs.getString("forwarded_to"), reopened),
                "media_url", photoKey == null ? null
                        : publicUrl.replaceAll("/+$", "") + PhotoLinks.path(UUID.fromString(photoKey), false));
    }

    /** The public words of a step: its status, with the outcome that concerns everyone. */
    static String describe(AlertStatus to, String reason, String forwardedTo, boolean reopened) {
        if (reopened) {
            return "Rouvert : un habitant signale que le problème persiste.";
        }
        String notes = Open311Requests.statusNotes(to, reason, forwardedTo);
        return notes != null ? notes : to.label + ".";
    }
}
