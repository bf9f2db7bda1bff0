package fr.signalement.alert;

import fr.signalement.common.ProblemException;
import fr.signalement.common.NamedSql;
import fr.signalement.common.Time;
import fr.signalement.geo.Place;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The server's automatic merge: a report joins the nearest open alert of its category within the
 * category's merge radius, or opens a new alert, routed to its service's team. Its report row, its
 * photos' rows and its timeline step are written with it, in the caller's transaction.
 *
 * <p>Merging must hold under concurrency, across backend processes: the transaction takes
 * PostgreSQL advisory locks on the grid cells its search circle touches
 * ({@link AlertSql#cellKeys}), so two reports close enough to merge always meet on at least one
 * lock and run one after the other.
 */
@ApplicationScoped
public class Joining {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Timeline timeline;

    /** A photo already written to the store. */
    public record StoredPhoto(String storageKey, int width, int height, int bytes) {
    }

    /**
     * A validated report, placed and resolved to its category.
     *
     * @param supportAlertId for a "me too": the alert it supports; {@code null} to merge by position
     * @param dueAt          the promise made if it opens an alert (joining keeps the alert's)
     * @param actor          who entered it: "citizen", or the staff member taking a call
     * @param requestHash    the fingerprint of the request that carried the idempotency key, kept with it
     */
    public record Arrival(long categoryId, long serviceId, String inseeCode, int radiusM, Instant dueAt, Long supportAlertId,
                          double lat, double lon, Place place, String channel, Double accuracyM, String description,
                          String contactEmail, UUID idempotencyKey, String requestHash, Instant at, String actor,
                          List<StoredPhoto> photos) {
    }

    /** Where the report went. */
    public record Joined(long reportId, String trackingNumber, long alertId, boolean joined, AlertStatus status,
                         int reportCount, Instant dueAt) {
    }

    private static final NamedSql LOCK_IDEMPOTENCY_KEY = new NamedSql(AlertSql.LOCK_IDEMPOTENCY_KEY);
    private static final NamedSql REPORT_WITH_KEY = new NamedSql(AlertSql.REPORT_WITH_KEY);
    private static final NamedSql LOCK_ALERT_STATUS = new NamedSql(AlertSql.LOCK_ALERT_STATUS);
    private static final NamedSql LOCK_CELLS = new NamedSql(AlertSql.LOCK_CELLS);
    private static final NamedSql MATCHING_ALERT = new NamedSql(AlertSql.MATCHING_ALERT);
    private static final NamedSql JOIN_ALERT = new NamedSql(AlertSql.JOIN_ALERT);
    private static final NamedSql OPEN_ALERT = new NamedSql(AlertSql.OPEN_ALERT);
    private static final NamedSql ADD_REPORT = new NamedSql(AlertSql.ADD_REPORT);
    private static final NamedSql RECENTRE = new NamedSql(AlertSql.RECENTRE);
    private static final NamedSql ADD_PHOTO = new NamedSql(AlertSql.ADD_PHOTO);

    /**
     * Takes the report in; empty when a report with the same idempotency key already exists.
     * Plain JDBC on the transaction's connection: this is the hot path of every report, and the
     * bench times these very statements the same way.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Joined> receive(Arrival a) {
        try (Connection c = dataSource.getConnection()) {
            return receive(c, a);
        } catch (SQLException e) {
            throw new IllegalStateException("Report intake failed", e);
        }
    }

    private Optional<Joined> receive(Connection c, Arrival a) throws SQLException {
        if (a.idempotencyKey() != null) {
            query(c, LOCK_IDEMPOTENCY_KEY, "key", a.idempotencyKey().toString());
            if (query(c, REPORT_WITH_KEY, "key", a.idempotencyKey()) != null) {
                return Optional.empty();
            }
        }
        Long alertId = a.supportAlertId() != null ? lockOpenAlert(c, a.supportAlertId()) : matchingAlert(c, a);
        boolean joined = alertId != null;
        AlertStatus status = AlertStatus.NEW;
        int count = 1;
        Instant dueAt = a.dueAt();
        Place p = a.place();
        if (joined) {
            try (PreparedStatement ps = JOIN_ALERT.prepare(c, "at", a.at(), "alert", alertId);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                status = AlertStatus.valueOf(rs.getString("status"));
                count = rs.getInt("report_count");
                dueAt = rs.getTimestamp("due_at").toInstant();
            }
        } else {
            alertId = ((Number) query(c, OPEN_ALERT, "category", a.categoryId(), "service", a.serviceId(),
                    "lon", a.lon(), "lat", a.lat(), "quartier", p.quartierCode(), "sector", p.sectorCode(),
                    "address", p.address(), "at", a.at(), "due", dueAt, "channel", a.channel(), "insee", a.inseeCode())).longValue();
        }
        long reportId;
        String trackingNumber;
        try (PreparedStatement ps = ADD_REPORT.prepare(c, "year", String.valueOf(a.at().atZone(Time.ZONE).getYear()),
                "alert", alertId, "category", a.categoryId(), "lon", a.lon(), "lat", a.lat(), "accuracy", a.accuracyM(),
                "description", a.description(), "email", a.contactEmail(), "channel", a.channel(), "at", a.at(),
                "due", dueAt, "quartier", p.quartierCode(), "address", p.address(),
                "support", a.supportAlertId() != null, "key", a.idempotencyKey(), "hash", a.requestHash(),
                "insee", a.inseeCode());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            reportId = rs.getLong("id");
            trackingNumber = rs.getString("tracking_number");
        }
        if (joined && a.supportAlertId() == null) {
            // A "me too" is counted, not averaged in: only reports placed by their own position move the alert.
            update(c, RECENTRE, "alert", alertId);
        }
        timeline.step(alertId, joined ? AlertEvent.REPORT_ADDED : AlertEvent.CREATED, new Actor(null, a.actor()), a.at())
                .status(null, status).report(reportId).write();
        for (StoredPhoto photo : a.photos()) {
            update(c, ADD_PHOTO, "report", reportId, "alert", alertId, "key", photo.storageKey(),
                    "width", photo.width(), "height", photo.height(), "bytes", photo.bytes(), "at", a.at());
        }
        return Optional.of(new Joined(reportId, trackingNumber, alertId, joined, status, count, dueAt));
    }

    /** The nearest open alert of the category and competent service within its merge radius, locked for update. */
    private static Long matchingAlert(Connection c, Arrival a) throws SQLException {
        String cells = AlertSql.cellKeys(a.lat(), a.lon(), a.radiusM()).stream().map(String::valueOf)
                .collect(Collectors.joining(","));
        query(c, LOCK_CELLS, "category", (int) a.categoryId(), "cells", cells);
        Object id = query(c, MATCHING_ALERT, "category", a.categoryId(), "service", a.serviceId(), "lon", a.lon(), "lat", a.lat(),
                "radius", (double) a.radiusM());
        return id == null ? null : ((Number) id).longValue();
    }

    private static Long lockOpenAlert(Connection c, long alertId) throws SQLException {
        Object status = query(c, LOCK_ALERT_STATUS, "alert", alertId);
        if (status == null || !AlertStatus.valueOf((String) status).isOpen()) {
            throw ProblemException.conflict("L'alerte n° " + alertId + " vient d'être clôturée : faites un nouveau signalement.");
        }
        return alertId;
    }

    /** The first column of the first row, or null when there is no row. */
    private static Object query(Connection c, NamedSql sql, Object... nameValues) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c, nameValues); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1) : null;
        }
    }

    private static void update(Connection c, NamedSql sql, Object... nameValues) throws SQLException {
        try (PreparedStatement ps = sql.prepare(c, nameValues)) {
            ps.executeUpdate();
        }
    }
}
