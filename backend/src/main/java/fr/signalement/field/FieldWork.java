package fr.signalement.field;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.dispatch.Actor;
import fr.signalement.dispatch.AlertViews;
import fr.signalement.dispatch.Lifecycle;
import fr.signalement.photo.Photo;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.staff.StaffUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Field agents' actions, built for an offline queue: each carries the client's id (a replay is
 * recognised and changes nothing) and the alert version the client last saw (if someone else
 * changed the alert since, the action is refused with the current state instead of overwriting it).
 */
@ApplicationScoped
public class FieldWork {
    @Inject
    EntityManager em;
    @Inject
    Lifecycle lifecycle;
    @Inject
    AlertViews views;
    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "signalement.field.resolve-max-distance-m", defaultValue = "100")
    double maxDistanceM;

    public record Action(UUID clientActionId, Long baseVersion, String type, String text, String label, Double value,
                         String unit, Integer minutes, Double quantity, String note, Double lat, Double lon,
                         Double accuracyM, Instant at, String distanceReason) {
    }

    public record Outcome(boolean replayed, Intervention intervention) {
    }

    /** Interventions of the agent's team. */
    @Transactional
    public List<Intervention> list(StaffUser agent, double[] bbox, List<String> statuses) {
        @SuppressWarnings("unchecked")
        List<Long> ids = em.createNativeQuery("""
                SELECT a.id FROM alert a
                WHERE a.team_id = :team
                  AND (a.status IN (:statuses) OR (CAST(:defaults AS boolean) AND a.status = 'RESOLVED'
                       AND a.resolved_at >= date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'))
                  AND (CAST(:x1 AS float8) IS NULL OR a.position && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4326))
                ORDER BY a.due_at, a.id
                """, Long.class)
                .setParameter("team", agent.teamId() == null ? -1L : agent.teamId())
                .setParameter("statuses", statuses == null ? List.of("ASSIGNED", "IN_PROGRESS") : statuses)
                .setParameter("defaults", statuses == null)
                .setParameter("x1", bbox == null ? null : bbox[0]).setParameter("y1", bbox == null ? null : bbox[1])
                .setParameter("x2", bbox == null ? null : bbox[2]).setParameter("y2", bbox == null ? null : bbox[3])
                .getResultList();
        return ids.stream().map(this::view).toList();
    }

    @Transactional
    public Intervention get(StaffUser agent, long id) {
        Alert a = Alert.findById(id);
        if (a == null || a.teamId == null || !a.teamId.equals(agent.teamId())) {
            throw ProblemException.notFound("Aucune intervention n° " + id + " pour votre équipe.");
        }
        return view(id);
    }

    @Transactional
    public Outcome act(StaffUser agent, long id, Action action) {
        if (action == null || action.clientActionId() == null) {
            throw ProblemException.badRequest("clientActionId", "Chaque action porte un identifiant client (UUID).");
        }
        if (action.baseVersion() == null) {
            throw ProblemException.badRequest("baseVersion", "Indiquez la version de l'intervention vue par l'appareil.");
        }
        if (replayed(action.clientActionId())) {
            return new Outcome(true, get(agent, id));
        }
        Alert alert = lifecycle.lock(id);
        if (alert.teamId == null || !alert.teamId.equals(agent.teamId())) {
            throw ProblemException.notFound("Aucune intervention n° " + id + " pour votre équipe.");
        }
        // Another process may have recorded the same action while we waited for the lock.
        if (replayed(action.clientActionId())) {
            return new Outcome(true, view(id));
        }
        checkNotChangedByOthers(alert, action.baseVersion(), agent);
        Actor actor = new Actor(agent.id, agent.username);
        String type = action.type() == null ? "" : action.type();
        switch (type) {
            case "START" -> transition(alert, AlertStatus.IN_PROGRESS, action, actor);
            case "NOTE" -> record(alert, AlertEvent.FIELD_NOTE, required(action.text(), "text"), null, action, actor);
            case "MEASUREMENT" -> {
                if (action.value() == null || !Double.isFinite(action.value())) {
                    throw ProblemException.badRequest("value", "La mesure (« value ») est obligatoire.");
                }
                record(alert, AlertEvent.MEASUREMENT, null, data("label", required(action.label(), "label"),
                        "value", action.value(), "unit", action.unit()), action, actor);
            }
            case "TIME_SPENT" -> {
                if (action.minutes() == null || action.minutes() <= 0 || action.minutes() > 24 * 60) {
                    throw ProblemException.badRequest("minutes", "Le temps passé se compte en minutes (1 à 1440).");
                }
                alert.minutesSpent += action.minutes();
                record(alert, AlertEvent.TIME_SPENT, null, data("minutes", action.minutes()), action, actor);
            }
            case "MATERIAL" -> {
                if (action.quantity() == null || action.quantity() <= 0) {
                    throw ProblemException.badRequest("quantity", "La quantité (« quantity ») doit être positive.");
                }
                record(alert, AlertEvent.MATERIAL, null, data("label", required(action.label(), "label"),
                        "quantity", action.quantity(), "unit", action.unit()), action, actor);
            }
            case "RESOLVE" -> resolve(alert, action, actor);
            default -> throw ProblemException.badRequest("type",
                    "Type d'action inconnu « " + type + " » : START, NOTE, MEASUREMENT, TIME_SPENT, MATERIAL ou RESOLVE.");
        }
        audit.record(agent.id, agent.username, "intervention." + type.toLowerCase(), "alert:" + id, null,
                Map.of("clientActionId", action.clientActionId().toString()));
        em.flush();
        return new Outcome(false, view(id));
    }

    /** An "after" photo, already processed and written by the caller. */
    @Transactional
    public Outcome afterPhoto(StaffUser agent, long id, UUID clientActionId, Long baseVersion, ProcessedPhoto photo, String storageKey) {
        Alert alert = lifecycle.lock(id);
        if (alert.teamId == null || !alert.teamId.equals(agent.teamId())) {
            throw ProblemException.notFound("Aucune intervention n° " + id + " pour votre équipe.");
        }
        if (replayed(clientActionId)) {
            return new Outcome(true, view(id));
        }
        if (baseVersion != null) {
            checkNotChangedByOthers(alert, baseVersion, agent);
        }
        Photo p = new Photo();
        p.alertId = id;
        p.kind = Photo.AFTER;
        p.storageKey = storageKey;
        p.width = photo.width();
        p.height = photo.height();
        p.bytes = photo.jpeg().length;
        p.createdAt = Instant.now();
        p.persist();
        record(alert, AlertEvent.AFTER_PHOTO, null, data("photoId", p.id), clientActionId, new Actor(agent.id, agent.username));
        audit.record(agent.id, agent.username, "intervention.after_photo", "alert:" + id, null, Map.of("photoId", p.id));
        em.flush();
        return new Outcome(false, view(id));
    }

    public boolean replayed(UUID clientActionId) {
        return !em.createNativeQuery("SELECT 1 FROM alert_event WHERE client_action_id = :c")
                .setParameter("c", clientActionId).getResultList().isEmpty();
    }

    /**
     * The agent's own earlier actions never conflict with their later ones (an offline queue replays
     * in order with the version it last saw); anyone else's change since that version does.
     */
    private void checkNotChangedByOthers(Alert alert, long baseVersion, StaffUser agent) {
        if (alert.version <= baseVersion) {
            return;
        }
        Number others = (Number) em.createNativeQuery("""
                        SELECT count(*) FROM alert_event
                        WHERE alert_id = :a AND (data ->> 'version')::bigint > :v AND actor_id IS DISTINCT FROM :me
                        """)
                .setParameter("a", alert.id).setParameter("v", baseVersion).setParameter("me", agent.id)
                .getSingleResult();
        if (others.longValue() > 0) {
            throw conflict(alert, "L'intervention a été modifiée par la régulation depuis votre dernière synchronisation.");
        }
    }

    private ProblemException conflict(Alert alert, String detail) {
        em.flush();
        return new ProblemException(409, "Conflit", detail, null).with("current", view(alert.id));
    }

    private void transition(Alert alert, AlertStatus to, Action action, Actor actor) {
        if (!Lifecycle.allowedFrom(alert.status).contains(to)) {
            throw conflict(alert, "Impossible : l'intervention est « " + alert.status.label + " ».");
        }
        lifecycle.apply(alert, new Lifecycle.Change(to, action.note(), null, null, null, null), actor,
                AlertEvent.TRANSITION, action.clientActionId(), null);
    }

    private void resolve(Alert alert, Action action, Actor actor) {
        if (action.lat() == null || action.lon() == null) {
            throw ProblemException.badRequest("lat", "La position de l'appareil (« lat », « lon ») prouve l'intervention.");
        }
        if (alert.status == AlertStatus.ASSIGNED) {
            // Resolved without a separate start: the start is implied, and recorded.
            lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.IN_PROGRESS, null, null, null, null, null), actor,
                    AlertEvent.TRANSITION, null, null);
        }
        if (alert.status != AlertStatus.IN_PROGRESS) {
            throw conflict(alert, "Impossible de résoudre : l'intervention est « " + alert.status.label + " ».");
        }
        double distance = ((Number) em.createNativeQuery("""
                        SELECT ST_Distance(geography(position), geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)))
                        FROM alert WHERE id = :id
                        """).setParameter("lon", action.lon()).setParameter("lat", action.lat()).setParameter("id", alert.id)
                .getSingleResult()).doubleValue();
        String reason = action.distanceReason() == null || action.distanceReason().isBlank() ? null : action.distanceReason().strip();
        if (distance > maxDistanceM && reason == null) {
            throw ProblemException.unprocessable("distanceReason", "Vous êtes à " + Math.round(distance)
                    + " m de l'alerte (plus de " + Math.round(maxDistanceM) + " m) : indiquez pourquoi.")
                    .with("distanceM", Math.round(distance));
        }
        alert.resolvedLat = action.lat();
        alert.resolvedLon = action.lon();
        alert.resolvedDeviceAt = action.at();
        alert.resolvedDistanceM = distance;
        alert.resolvedDistanceReason = reason;
        lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.RESOLVED, action.note(), null, null, null, null), actor,
                AlertEvent.TRANSITION, action.clientActionId(), null);
    }

    private void record(Alert alert, String type, String note, Map<String, Object> data, Action action, Actor actor) {
        record(alert, type, note, data, action.clientActionId(), actor);
    }

    private void record(Alert alert, String type, String note, Map<String, Object> data, UUID clientActionId, Actor actor) {
        AlertEvent e = new AlertEvent();
        e.alertId = alert.id;
        e.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        e.type = type;
        e.actor = actor.name();
        e.actorId = actor.id();
        e.note = note;
        e.clientActionId = clientActionId;
        try {
            e.data = data == null ? null : json.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
        e.persist();
    }

    private static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] != null) {
                m.put((String) kv[i], kv[i + 1]);
            }
        }
        return m;
    }

    private static String required(String s, String field) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest(field, "Le champ « " + field + " » est obligatoire.");
        }
        return s.strip();
    }

    Intervention view(long id) {
        AlertViews.Summary s = views.summary(id);
        Alert a = Alert.findById(id);
        String description = (String) em.createNativeQuery("""
                SELECT description FROM report WHERE alert_id = :id AND description IS NOT NULL ORDER BY received_at, id LIMIT 1
                """).setParameter("id", id).getResultStream().findFirst().orElse(null);
        List<Intervention.Photo> photos = new ArrayList<>();
        for (Photo p : Photo.ofAlert(id)) {
            photos.add(new Intervention.Photo(p.id, p.kind, p.url(), p.thumbnailUrl()));
        }
        List<Intervention.Step> steps = AlertEvent.timeline(id).stream()
                .filter(e -> e.toStatus != null && e.fromStatus != null)
                .map(e -> new Intervention.Step(e.at, e.actor, e.fromStatus, e.toStatus, e.note)).toList();
        return new Intervention(id, s.version(), s.status(), s.statusLabel(),
                new Intervention.Category(s.category().code(), s.category().label()), s.lat(), s.lon(), s.address(),
                s.quartier() == null ? null : s.quartier().name(), description, s.reportCount(), s.dueAt(), s.dueStatus(),
                a.teamId, a.agentId, photos, steps, views.work(id, a.minutesSpent));
    }
}
