package fr.signalement.report;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.Deadlines;
import fr.signalement.catalog.Category;
import fr.signalement.common.ProblemException;
import fr.signalement.dispatch.Routing;
import fr.signalement.geo.CommuneConfig;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.photo.PhotoProcessor;
import fr.signalement.photo.PhotoStore;
import fr.signalement.photo.ProcessedPhoto;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Every report, whatever its channel, comes in here: validated, placed in the commune's geography,
 * merged into the open alert of the same category nearby (or opening a new one), stored with its
 * photos, and acknowledged.
 *
 * <p>Merging must hold under concurrency, across backend processes: the transaction takes
 * PostgreSQL advisory locks on the grid cells its search circle touches, so two reports close
 * enough to merge always meet on at least one lock and run one after the other.
 */
@ApplicationScoped
public class Intake {
    /** Grid cell edge for the merge locks, in degrees (about 550 m north–south). */
    static final double CELL_DEG = 0.005;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Inject
    Geography geography;
    @Inject
    PhotoProcessor processor;
    @Inject
    PhotoStore store;
    @Inject
    PhotoConfig photoConfig;
    @Inject
    Deadlines deadlines;
    @Inject
    FollowTokens tokens;
    @Inject
    CommuneConfig commune;
    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;
    @Inject
    Event<ReportReceived> received;

    /** An uploaded photo, still in its temporary file. */
    public record Upload(String field, Path file, long size) {
    }

    /** The acknowledgement, and whether it answers an earlier request with the same key. */
    public record Result(Acknowledgement acknowledgement, boolean replayed) {
    }

    /** What the report is about, resolved before any photo is processed. */
    private record Target(long categoryId, String categoryCode, String categoryLabel, long serviceId,
                          int radiusM, Instant dueAt, Acknowledgement.ServiceContact service,
                          Long supportAlertId, double lat, double lon, Place place) {
    }

    private record Stored(long reportId, String trackingNumber, long alertId, boolean joined, String status,
                          int reportCount, Instant dueAt) {
    }

    /**
     * Takes a report in.
     *
     * @param supportAlertId for a "me too": the alert it supports; {@code null} to merge by position
     * @param actor          who entered it: "citizen", or the staff member taking a call
     */
    public Result submit(ReportRequest raw, List<Upload> uploads, UUID idempotencyKey, Long supportAlertId, String actor) {
        if (idempotencyKey != null) {
            Optional<Acknowledgement> earlier = acknowledgementForKey(idempotencyKey);
            if (earlier.isPresent()) {
                return new Result(earlier.get(), true);
            }
        }
        ReportRequest request = raw.validated(supportAlertId == null, supportAlertId == null);
        if (uploads.size() > photoConfig.maxPerReport()) {
            throw ProblemException.badRequest("photo", "Au plus " + photoConfig.maxPerReport() + " photos par signalement.");
        }
        for (Upload u : uploads) {
            if (u.size() > photoConfig.maxBytes()) {
                throw processor.tooLarge(u.field());
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Target target = QuarkusTransaction.requiringNew().call(() -> target(request, supportAlertId, now));
        List<ProcessedPhoto> photos = uploads.stream().map(u -> processor.process(read(u), u.field())).toList();

        List<String> keys = new ArrayList<>();
        try {
            for (ProcessedPhoto p : photos) {
                keys.add(store.write(p));
            }
            Optional<Stored> stored = QuarkusTransaction.requiringNew().call(
                    () -> store(request, target, photos, keys, idempotencyKey, now, actor));
            if (stored.isEmpty()) {
                // A concurrent retry with the same key won: answer as it did, keep nothing of ours.
                keys.forEach(store::delete);
                return new Result(acknowledgementForKey(idempotencyKey).orElseThrow(), true);
            }
            Stored s = stored.get();
            return new Result(new Acknowledgement(s.trackingNumber(), now, s.status(), AlertStatus.valueOf(s.status()).label,
                    new Acknowledgement.CategoryRef(target.categoryCode(), target.categoryLabel()), target.service(),
                    s.dueAt(), s.alertId(), s.joined(), s.reportCount(), target.place().quartierName(),
                    target.place().address(), tokens.tokenFor(s.trackingNumber()), followUrl(s.trackingNumber())), false);
        } catch (RuntimeException e) {
            keys.forEach(store::delete);
            throw e;
        }
    }

    public String followUrl(String trackingNumber) {
        return publicUrl.replaceAll("/+$", "") + "/suivi/" + trackingNumber + "?token=" + tokens.tokenFor(trackingNumber);
    }

    private Target target(ReportRequest request, Long supportAlertId, Instant now) {
        Category category;
        double lat;
        double lon;
        if (supportAlertId != null) {
            Alert alert = Alert.findById(supportAlertId);
            if (alert == null) {
                throw ProblemException.notFound("Aucune alerte n° " + supportAlertId + ".");
            }
            if (!alert.status.isOpen()) {
                throw ProblemException.conflict("L'alerte n° " + supportAlertId + " n'est plus ouverte ("
                        + alert.status.label.toLowerCase() + ") : faites un nouveau signalement.");
            }
            category = alert.category;
            lat = request.lat() != null ? request.lat() : alert.lat();
            lon = request.lon() != null ? request.lon() : alert.lon();
        } else {
            category = Category.byCode(request.categoryCode()).orElseThrow(() -> ProblemException.unprocessable(
                    "categoryCode", "Catégorie inconnue : « " + request.categoryCode() + " »."));
            if (!category.enabled) {
                throw ProblemException.unprocessable("categoryCode",
                        "La catégorie « " + category.label + " » n'est pas ouverte aux signalements dans cette commune.");
            }
            lat = request.lat();
            lon = request.lon();
        }
        Place place = geography.locate(lat, lon);
        if (!place.insideCommune()) {
            throw ProblemException.unprocessable("lat",
                    "Ce lieu est en dehors de la commune de " + commune.name() + " : nous ne pouvons pas y intervenir.");
        }
        var s = category.service;
        return new Target(category.id, category.code, category.label, s.id, category.dedupRadiusM, deadlines.dueAt(category, now),
                new Acknowledgement.ServiceContact(s.name, s.email, s.phone, s.postalAddress),
                supportAlertId, lat, lon, place);
    }

    private Optional<Stored> store(ReportRequest request, Target t, List<ProcessedPhoto> photos, List<String> keys,
                                   UUID idempotencyKey, Instant now, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (idempotencyKey != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    ps.setString(1, idempotencyKey.toString());
                    ps.execute();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM report WHERE idempotency_key = ?")) {
                    ps.setObject(1, idempotencyKey);
                    if (ps.executeQuery().next()) {
                        return Optional.empty();
                    }
                }
            }
            Long alertId = t.supportAlertId() != null ? lockOpenAlert(c, t.supportAlertId()) : matchingAlert(c, t);
            boolean joined = alertId != null;
            String status;
            int count;
            Instant dueAt;
            if (joined) {
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE alert SET report_count = report_count + 1,
                            last_report_at = greatest(last_report_at, ?),
                            position = ST_SetSRID(ST_MakePoint(
                                (ST_X(position) * report_count + ?) / (report_count + 1),
                                (ST_Y(position) * report_count + ?) / (report_count + 1)), 4326),
                            updated_at = ?
                        WHERE id = ? RETURNING status, report_count, due_at
                        """)) {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setDouble(2, t.lon());
                    ps.setDouble(3, t.lat());
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setLong(5, alertId);
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    status = rs.getString(1);
                    count = rs.getInt(2);
                    dueAt = rs.getTimestamp(3).toInstant();
                }
            } else {
                dueAt = t.dueAt();
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO alert (category_id, service_id, status, position, quartier_code, sector_code, address,
                                           report_count, first_report_at, last_report_at, due_at, created_at, updated_at,
                                           channel, team_id)
                        VALUES (?, ?, 'NEW', ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, 1, ?, ?, ?, ?, ?, ?,
                        """ + Routing.teamSql("?", "?") + """
                        ) RETURNING id
                        """)) {
                    ps.setLong(1, t.categoryId());
                    ps.setLong(2, t.serviceId());
                    ps.setDouble(3, t.lon());
                    ps.setDouble(4, t.lat());
                    ps.setString(5, t.place().quartierCode());
                    ps.setString(6, t.place().sectorCode());
                    ps.setString(7, t.place().address());
                    for (int i = 8; i <= 12; i++) {
                        ps.setTimestamp(i, Timestamp.from(i == 10 ? dueAt : now));
                    }
                    ps.setString(13, request.channel());
                    ps.setLong(14, t.serviceId());
                    ps.setString(15, t.place().sectorCode());
                    ps.setString(16, t.place().sectorCode());
                    ResultSet rs = ps.executeQuery();
                    rs.next();
                    alertId = rs.getLong(1);
                }
                status = AlertStatus.NEW.name();
                count = 1;
            }
            long reportId;
            String trackingNumber;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO report (tracking_number, alert_id, category_id, position, accuracy_m, description,
                                        contact_email, channel, received_at, due_at, quartier_code, address, support,
                                        idempotency_key)
                    VALUES ('SIG-' || ? || '-' || lpad(nextval('report_tracking_seq')::text, 6, '0'), ?, ?,
                            ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id, tracking_number
                    """)) {
                ps.setString(1, String.valueOf(now.atZone(PARIS).getYear()));
                ps.setLong(2, alertId);
                ps.setLong(3, t.categoryId());
                ps.setDouble(4, t.lon());
                ps.setDouble(5, t.lat());
                ps.setObject(6, request.accuracyM());
                ps.setString(7, request.description());
                ps.setString(8, request.contactEmail());
                ps.setString(9, request.channel());
                ps.setTimestamp(10, Timestamp.from(now));
                ps.setTimestamp(11, Timestamp.from(dueAt));
                ps.setString(12, t.place().quartierCode());
                ps.setString(13, t.place().address());
                ps.setBoolean(14, t.supportAlertId() != null);
                ps.setObject(15, idempotencyKey);
                ResultSet rs = ps.executeQuery();
                rs.next();
                reportId = rs.getLong(1);
                trackingNumber = rs.getString(2);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_event (alert_id, at, type, actor, to_status, report_id) VALUES (?, ?, ?, ?, ?, ?)
                    """)) {
                ps.setLong(1, alertId);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, joined ? AlertEvent.REPORT_ADDED : AlertEvent.CREATED);
                ps.setString(4, actor);
                ps.setString(5, status);
                ps.setLong(6, reportId);
                ps.executeUpdate();
            }
            if (!photos.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO photo (report_id, alert_id, kind, storage_key, width, height, bytes, created_at)
                        VALUES (?, ?, 'REPORT', ?, ?, ?, ?, ?)
                        """)) {
                    for (int i = 0; i < photos.size(); i++) {
                        ProcessedPhoto p = photos.get(i);
                        ps.setLong(1, reportId);
                        ps.setLong(2, alertId);
                        ps.setString(3, keys.get(i));
                        ps.setInt(4, p.width());
                        ps.setInt(5, p.height());
                        ps.setInt(6, p.jpeg().length);
                        ps.setTimestamp(7, Timestamp.from(now));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            received.fire(new ReportReceived(reportId, alertId, !joined));
            return Optional.of(new Stored(reportId, trackingNumber, alertId, joined, status, count, dueAt));
        }
    }

    /** The nearest open alert of the category within its merge radius, locked for update. */
    private Long matchingAlert(Connection c, Target t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int[]) AS k")) {
            ps.setInt(1, (int) t.categoryId());
            ps.setArray(2, c.createArrayOf("integer", cellKeys(t.lat(), t.lon(), t.radiusM()).toArray()));
            ps.execute();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id FROM alert
                WHERE category_id = ? AND status IN """ + AlertStatus.OPEN_SQL + """
                  AND ST_DWithin(geography(position), geography(ST_SetSRID(ST_MakePoint(?, ?), 4326)), ?)
                ORDER BY geography(position) <-> geography(ST_SetSRID(ST_MakePoint(?, ?), 4326))
                LIMIT 1
                FOR UPDATE
                """)) {
            ps.setLong(1, t.categoryId());
            ps.setDouble(2, t.lon());
            ps.setDouble(3, t.lat());
            ps.setDouble(4, t.radiusM());
            ps.setDouble(5, t.lon());
            ps.setDouble(6, t.lat());
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private static Long lockOpenAlert(Connection c, long alertId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM alert WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, alertId);
            ResultSet rs = ps.executeQuery();
            if (!rs.next() || !AlertStatus.valueOf(rs.getString(1)).isOpen()) {
                throw ProblemException.conflict("L'alerte n° " + alertId + " vient d'être clôturée : faites un nouveau signalement.");
            }
            return alertId;
        }
    }

    /**
     * The lock keys of the grid cells covered by the square around the point whose half-side is the
     * radius. Two points within the radius of each other always share at least one cell. Sorted, so
     * transactions take them in one order and cannot deadlock.
     */
    static TreeSet<Integer> cellKeys(double lat, double lon, double radiusM) {
        double dLat = radiusM / 111_320.0;
        double dLon = radiusM / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        TreeSet<Integer> keys = new TreeSet<>();
        for (long y = (long) Math.floor((lat - dLat) / CELL_DEG); y <= (long) Math.floor((lat + dLat) / CELL_DEG); y++) {
            for (long x = (long) Math.floor((lon - dLon) / CELL_DEG); x <= (long) Math.floor((lon + dLon) / CELL_DEG); x++) {
                keys.add((int) (y * 73_856_093L ^ x * 19_349_663L));
            }
        }
        return keys;
    }

    private Optional<Acknowledgement> acknowledgementForKey(UUID key) {
        return QuarkusTransaction.requiringNew().call(() -> Report.byIdempotencyKey(key).map(this::acknowledgement));
    }

    /** Rebuilds the acknowledgement of a stored report (idempotent retries). */
    public Acknowledgement acknowledgement(Report r) {
        Alert a = r.alert;
        var s = a.service;
        Long openingReport = AlertEvent.find("alertId = ?1 and type = ?2", a.id, AlertEvent.CREATED)
                .<AlertEvent>firstResultOptional().map(e -> e.reportId).orElse(null);
        return new Acknowledgement(r.trackingNumber, r.receivedAt, a.status.name(), a.status.label,
                new Acknowledgement.CategoryRef(r.category.code, r.category.label),
                new Acknowledgement.ServiceContact(s.name, s.email, s.phone, s.postalAddress),
                r.dueAt, a.id, !r.id.equals(openingReport), a.reportCount, geography.quartierName(r.quartierCode),
                r.address, tokens.tokenFor(r.trackingNumber), followUrl(r.trackingNumber));
    }

    private static byte[] read(Upload u) {
        try {
            return Files.readAllBytes(u.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
