package fr.signalement.open311;

import fr.signalement.alert.AlertSql;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.RejectReason;
import fr.signalement.common.Time;
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
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Service requests as GeoReport v2 shows them: one per report (its tracking number is the
 * service_request_id), with the status of the alert it belongs to. Only what the public may read:
 * never a reporter's e-mail, name, phone or device, nor text or photos staff did not publish
 * (docs/privacy.md).
 */
@ApplicationScoped
public class Open311Requests {
    /** W3C date-time with the offset (the spec's format), in the commune's time zone. */
    static final DateTimeFormatter W3C = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    /**
     * What GET requests asks for. Either ids (which override the other filters) or the other filters;
     * {@code communes}: the INSEE codes of the jurisdiction asked for (null: the whole deployment).
     */
    public record Query(List<String> ids, List<String> serviceCodes, Instant start, Instant end, Boolean open,
                        int limit, int offset, List<String> communes) {
        public Query(List<String> ids, List<String> serviceCodes, Instant start, Instant end, Boolean open, int limit, int offset) {
            this(ids, serviceCodes, start, end, open, limit, offset, null);
        }

        /** The same question, asked of one jurisdiction's communes. */
        public Query in(List<String> inseeCodes) {
            return new Query(ids, serviceCodes, start, end, open, limit, offset, inseeCodes);
        }
    }

    /**
     * Only what staff published or what says nothing about anyone: the public version of the text
     * (null until moderated), the alert's public position and street (never the reporter's exact
     * point or house number), the first published photo. Staff notes are written to reporters, not
     * to the public: status_notes carries the structured outcome only.
     */
    private static final String SELECT = """
            SELECT r.tracking_number, r.public_description, r.received_at,
                   ST_Y(""" + AlertSql.publicPosition("a") + ") AS lat, ST_X(" + AlertSql.publicPosition("a") + """
            ) AS lon,
                   st.street, c.code, c.label, c.deadline_hours, s.name AS service_name, s.email AS service_email,
                   s.phone AS service_phone, (SELECT co.name FROM commune co WHERE co.insee_code = r.insee_code) AS commune_name,
                   a.status, a.due_at, greatest(a.updated_at, r.received_at,
                       (SELECT max(e.at) FROM alert_event e WHERE e.alert_id = a.id)) AS updated_at,
                   a.reject_reason, a.forwarded_to, st.postcode,
                   (SELECT CAST(p.public_key AS text) FROM photo p
                     WHERE p.report_id = r.id AND p.kind = 'REPORT' AND p.published_at IS NOT NULL
                     ORDER BY p.id LIMIT 1) AS photo_key
            FROM report r
            JOIN alert a ON a.id = r.alert_id
            JOIN category c ON c.id = r.category_id
            JOIN service s ON s.id = a.service_id
            """ + AlertSql.publicStreet("a") + "\n";

    public List<Map<String, Object>> find(Query q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> params = new ArrayList<>();
        if (q.communes() != null) {
            where.append(" AND r.insee_code = ANY (?)");
            params.add(q.communes().toArray(String[]::new));
        }
        if (q.ids() != null && !q.ids().isEmpty()) {
            where.append(" AND r.tracking_number = ANY (?)");
            params.add(q.ids().toArray(String[]::new));
        } else {
            if (q.serviceCodes() != null && !q.serviceCodes().isEmpty()) {
                where.append(" AND c.code = ANY (?)");
                params.add(q.serviceCodes().toArray(String[]::new));
            }
            if (q.start() != null) {
                where.append(" AND r.received_at >= ?");
                params.add(Timestamp.from(q.start()));
            }
            if (q.end() != null) {
                where.append(" AND r.received_at <= ?");
                params.add(Timestamp.from(q.end()));
            }
            if (q.open() != null) {
                where.append(q.open() ? " AND a.status IN " : " AND a.status NOT IN ").append(AlertSql.OPEN);
            }
        }
        String sql = SELECT + where + " ORDER BY r.received_at DESC, r.id DESC LIMIT ? OFFSET ?";
        params.add(q.limit());
        params.add(q.offset());
        return list(dataSource, sql, params, this::row, "Open311 request query failed");
    }

    /** How one row of a listing is shaped for the answer. */
    interface RowShape {
        Map<String, Object> of(ResultSet rs) throws SQLException;
    }

    /** Runs a listing's statement; a {@code String[]} parameter goes as a text array (lists of ids). */
    static List<Map<String, Object>> list(AgroalDataSource dataSource, String sql, List<Object> params, RowShape shape, String failure) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof String[] arr) {
                    ps.setArray(i + 1, c.createArrayOf("text", arr));
                } else {
                    ps.setObject(i + 1, p);
                }
            }
            ResultSet rs = ps.executeQuery();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                out.add(shape.of(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    public Optional<Map<String, Object>> one(String trackingNumber) {
        List<Map<String, Object>> found = find(new Query(List.of(trackingNumber), null, null, null, null, 1, 0));
        return found.stream().findFirst();
    }

    /** The tracking number of the request posted with this token. */
    public Optional<String> byToken(UUID token) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.tracking_number FROM open311_request o JOIN report r ON r.id = o.report_id WHERE o.token = ?""")) {
            ps.setObject(1, token);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? Optional.of(rs.getString("tracking_number")) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("Open311 token query failed", e);
        }
    }

    /**
     * Records which client posted the report, under a new token the client can look it up by; for a
     * report already recorded (a retried request), its token.
     */
    public UUID register(String trackingNumber, long clientId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH r AS (SELECT id FROM report WHERE tracking_number = ?),
                     added AS (INSERT INTO open311_request (report_id, client_id, token)
                               SELECT id, ?, ? FROM r ON CONFLICT (report_id) DO NOTHING RETURNING token)
                SELECT token FROM added
                UNION ALL
                SELECT o.token FROM open311_request o JOIN r ON r.id = o.report_id""")) {
            ps.setString(1, trackingNumber);
            ps.setLong(2, clientId);
            ps.setObject(3, UUID.randomUUID());
            // Twice at most: a concurrent retry's row, committed after this statement's snapshot, is
            // seen by neither branch the first time, and by the second the next.
            for (int attempt = 0; attempt < 2; attempt++) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getObject("token", UUID.class);
                    }
                }
            }
            throw new IllegalStateException("No report " + trackingNumber + " to record the Open311 token of");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the Open311 token", e);
        }
    }

    private Map<String, Object> row(ResultSet rs) throws SQLException {
        AlertStatus status = AlertStatus.valueOf(rs.getString("status"));
        String photoKey = rs.getString("photo_key");
        String rejectReason = rs.getString("reject_reason");
        return Open311Format.object(
                "service_request_id", rs.getString("tracking_number"),
                "status", status.isOpen() ? "open" : "closed",
                "status_notes", statusNotes(status, rejectReason, rs.getString("forwarded_to")),
                "service_name", rs.getString("label"),
                "service_code", rs.getString("code"),
                "description", rs.getString("public_description"),
                "agency_responsible", rs.getString("service_name"),
                "service_notice", serviceNotice(rs.getString("commune_name"), rs.getString("service_name"),
                        rs.getString("service_email"), rs.getString("service_phone"), rs.getInt("deadline_hours")),
                "requested_datetime", w3c(rs.getTimestamp("received_at")),
                "updated_datetime", w3c(rs.getTimestamp("updated_at")),
                "expected_datetime", w3c(rs.getTimestamp("due_at")),
                "address", rs.getString("street"),
                // The id of one house's address would point at a door: left out, like the number.
                "address_id", null,
                "zipcode", rs.getString("postcode"),
                "lat", rs.getDouble("lat"),
                "long", rs.getDouble("lon"),
                "media_url", photoKey == null ? null
                        : publicUrl.replaceAll("/+$", "") + PhotoLinks.path(UUID.fromString(photoKey), false),
                // GeoReport v2's status is only open or closed, which clients show as "fixed": the
                // extension's status (as in servicerequestupdates) says rejected, duplicate, forwarded…
                "extended_attributes", Open311Format.object(
                        "status", ExtendedStatus.of(status, rejectReason, false).wire(),
                        "status_label", status.label));
    }

    /** What the public is told about the outcome: the reject reason, the other authority. */
    static String statusNotes(AlertStatus status, String rejectReason, String forwardedTo) {
        return switch (status) {
            case REJECTED -> "Rejeté" + (rejectReason == null ? "" : " : " + rejectLabel(rejectReason)) + ".";
            case FORWARDED -> "Transmis à " + (forwardedTo == null ? "un autre organisme" : forwardedTo) + ".";
            default -> null;
        };
    }

    /** The reason in the words reporters read (the dispatch's own labels). */
    static String rejectLabel(String reason) {
        try {
            String label = RejectReason.valueOf(reason).label;
            return Character.toLowerCase(label.charAt(0)) + label.substring(1);
        } catch (IllegalArgumentException e) {
            return reason;
        }
    }

    /**
     * The acknowledgement an Open311 client shows: the commune the report was placed in (one
     * deployment serves several), the competent service and how to reach it, the announced delay.
     */
    static String serviceNotice(String commune, String serviceName, String email, String phone, int deadlineHours) {
        String contact = java.util.stream.Stream.of(email, phone == null || phone.isBlank() ? null : "tél. " + phone)
                .filter(v -> v != null && !v.isBlank()).collect(java.util.stream.Collectors.joining(", "));
        return (commune == null ? "" : "Commune : " + commune + ". ") + "Pris en charge par " + serviceName
                + (contact.isEmpty() ? "" : " (" + contact + ")") + " ; délai d'intervention annoncé : " + deadlineHours + " h.";
    }

    static String w3c(Timestamp t) {
        return t == null ? null : w3c(t.toInstant());
    }

    static String w3c(Instant i) {
        return i == null ? null : W3C.format(i.truncatedTo(ChronoUnit.SECONDS).atZone(Time.ZONE));
    }
}
