package fr.signalement.alert;

import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import fr.signalement.common.Time;
import fr.signalement.geo.Place;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

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
    EntityManager em;
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
     */
    public record Arrival(long categoryId, long serviceId, int radiusM, Instant dueAt, Long supportAlertId,
                          double lat, double lon, Place place, String channel, Double accuracyM, String description,
                          String contactEmail, UUID idempotencyKey, Instant at, String actor, List<StoredPhoto> photos) {
    }

    /** Where the report went. */
    public record Joined(long reportId, String trackingNumber, long alertId, boolean joined, AlertStatus status,
                         int reportCount, Instant dueAt) {
    }

    /** Takes the report in; empty when a report with the same idempotency key already exists. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Joined> receive(Arrival a) {
        if (a.idempotencyKey() != null) {
            String key = a.idempotencyKey().toString();
            em.createNativeQuery(AlertSql.LOCK_IDEMPOTENCY_KEY).setParameter("key", key).getResultList();
            if (!em.createNativeQuery(AlertSql.REPORT_WITH_KEY).setParameter("key", a.idempotencyKey())
                    .getResultList().isEmpty()) {
                return Optional.empty();
            }
        }
        Long alertId = a.supportAlertId() != null ? lockOpenAlert(a.supportAlertId()) : matchingAlert(a);
        boolean joined = alertId != null;
        AlertStatus status = AlertStatus.NEW;
        int count = 1;
        Instant dueAt = a.dueAt();
        if (joined) {
            Row r = new Row((Tuple) em.createNativeQuery(AlertSql.JOIN_ALERT, Tuple.class)
                    .setParameter("at", a.at()).setParameter("alert", alertId).getSingleResult());
            status = AlertStatus.valueOf(r.text("status"));
            count = r.integer("report_count");
            dueAt = r.instant("due_at");
        } else {
            Place p = a.place();
            alertId = ((Number) em.createNativeQuery(AlertSql.OPEN_ALERT)
                    .setParameter("category", a.categoryId()).setParameter("service", a.serviceId())
                    .setParameter("lon", a.lon()).setParameter("lat", a.lat())
                    .setParameter("quartier", p.quartierCode()).setParameter("sector", p.sectorCode())
                    .setParameter("address", p.address()).setParameter("at", a.at()).setParameter("due", dueAt)
                    .setParameter("channel", a.channel())
                    .getSingleResult()).longValue();
        }
        Row report = new Row((Tuple) em.createNativeQuery(AlertSql.ADD_REPORT, Tuple.class)
                .setParameter("year", String.valueOf(a.at().atZone(Time.ZONE).getYear()))
                .setParameter("alert", alertId).setParameter("category", a.categoryId())
                .setParameter("lon", a.lon()).setParameter("lat", a.lat()).setParameter("accuracy", a.accuracyM())
                .setParameter("description", a.description()).setParameter("email", a.contactEmail())
                .setParameter("channel", a.channel()).setParameter("at", a.at()).setParameter("due", dueAt)
                .setParameter("quartier", a.place().quartierCode()).setParameter("address", a.place().address())
                .setParameter("support", a.supportAlertId() != null).setParameter("key", a.idempotencyKey())
                .getSingleResult());
        long reportId = report.number("id");
        if (joined) {
            em.createNativeQuery(AlertSql.RECENTRE).setParameter("alert", alertId).executeUpdate();
        }
        timeline.step(alertId, joined ? AlertEvent.REPORT_ADDED : AlertEvent.CREATED, new Actor(null, a.actor()), a.at())
                .status(null, status).report(reportId).write();
        for (StoredPhoto photo : a.photos()) {
            em.createNativeQuery(AlertSql.ADD_PHOTO).setParameter("report", reportId).setParameter("alert", alertId)
                    .setParameter("key", photo.storageKey()).setParameter("width", photo.width())
                    .setParameter("height", photo.height()).setParameter("bytes", photo.bytes())
                    .setParameter("at", a.at()).executeUpdate();
        }
        return Optional.of(new Joined(reportId, report.text("tracking_number"), alertId, joined, status, count, dueAt));
    }

    /** The nearest open alert of the category within its merge radius, locked for update. */
    private Long matchingAlert(Arrival a) {
        String cells = AlertSql.cellKeys(a.lat(), a.lon(), a.radiusM()).stream().map(String::valueOf)
                .collect(Collectors.joining(","));
        em.createNativeQuery(AlertSql.LOCK_CELLS).setParameter("category", (int) a.categoryId())
                .setParameter("cells", cells).getResultList();
        List<?> ids = em.createNativeQuery(AlertSql.MATCHING_ALERT).setParameter("category", a.categoryId())
                .setParameter("lon", a.lon()).setParameter("lat", a.lat()).setParameter("radius", (double) a.radiusM())
                .getResultList();
        return ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
    }

    private Long lockOpenAlert(long alertId) {
        List<?> status = em.createNativeQuery(AlertSql.LOCK_ALERT_STATUS).setParameter("alert", alertId).getResultList();
        if (status.isEmpty() || !AlertStatus.valueOf((String) status.get(0)).isOpen()) {
            throw ProblemException.conflict("L'alerte n° " + alertId + " vient d'être clôturée : faites un nouveau signalement.");
        }
        return alertId;
    }
}
