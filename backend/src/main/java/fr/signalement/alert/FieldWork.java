package fr.signalement.alert;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.Fingerprint;
import fr.signalement.common.ProblemException;
import fr.signalement.photo.Photo;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.staff.StaffUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
    Timeline timeline;
    @Inject
    AlertQueries queries;
    @Inject
    AuditLog audit;
    /**
     * The states an agent sees: what their team can act on, and what it resolved today (the day's
     * work done, for the app's history). New, qualified, closed, rejected and forwarded alerts are
     * the dispatchers' business ({@link AlertQueries#teamWork}).
     */
    public static final Set<AlertStatus> VISIBLE = EnumSet.of(AlertStatus.ASSIGNED, AlertStatus.IN_PROGRESS,
            AlertStatus.RESOLVED);

    @ConfigProperty(name = "signalement.field.resolve-max-distance-m", defaultValue = "100")
    double maxDistanceM;
    /**
     * The oldest a fix may be when the agent taps "resolve": older, it may have been taken at the
     * depot or on the way, and proves nothing about the place.
     */
    @ConfigProperty(name = "signalement.field.fix-max-age-s", defaultValue = "120")
    int fixMaxAgeS;
    /** How long the app waits for a fix good enough before offering the best it has. */
    @ConfigProperty(name = "signalement.field.fix-timeout-s", defaultValue = "45")
    int fixTimeoutS;
    /** The accuracy the app waits for (metres, radius at 68 %). */
    @ConfigProperty(name = "signalement.field.fix-accuracy-m", defaultValue = "30")
    int fixAccuracyM;

    /**
     * An agent's action. {@code at} is when the agent tapped (device clock); on RESOLVE, {@code fixAt}
     * is the time of the position fix itself (the GPS time), which must be fresh at {@code at}.
     */
    public record Action(UUID clientActionId, Long baseVersion, String type, String text, String label, Double value,
                         String unit, Integer minutes, Double quantity, String note, Double lat, Double lon,
                         Double accuracyM, Instant at, String distanceReason, Instant fixAt, String reason) {
    }

    /** What the app needs to take a proof the server will accept: served by {@code GET /api/v1/field/settings}. */
    public record ProofRules(double resolveMaxDistanceM, int fixMaxAgeS, int fixTimeoutS, int fixAccuracyM) {
    }

    public ProofRules proofRules() {
        return new ProofRules(maxDistanceM, fixMaxAgeS, fixTimeoutS, fixAccuracyM);
    }

    /**
     * Applies one action of an agent to an alert of their team. Returns false when the action was
     * already recorded (a replay): nothing changes.
     */
    @Transactional
    public boolean act(StaffUser agent, long id, Action action) {
        if (action == null || action.clientActionId() == null) {
            throw ProblemException.badRequest("clientActionId", "Chaque action porte un identifiant client (UUID).");
        }
        if (action.baseVersion() == null) {
            throw ProblemException.badRequest("baseVersion", "Indiquez la version de l'intervention vue par l'appareil.");
        }
        String fingerprint = fingerprint(agent, id, action);
        lockActionId(action.clientActionId());
        if (replayed(action.clientActionId(), fingerprint)) {
            ofTeam(Alert.findById(id), agent, id);
            return false;
        }
        Alert alert = ofTeam(lifecycle.lock(id), agent, id);
        // Another process may have recorded the same action while we waited for the lock.
        if (replayed(action.clientActionId(), fingerprint)) {
            return false;
        }
        checkNotChangedByOthers(alert, action.baseVersion(), agent);
        Actor actor = Actor.of(agent);
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
            case "CANT_FIX" -> cantFix(alert, action, actor);
            default -> throw ProblemException.badRequest("type", "Type d'action inconnu « " + type
                    + " » : START, NOTE, MEASUREMENT, TIME_SPENT, MATERIAL, RESOLVE ou CANT_FIX.");
        }
        audit.record(agent.id, agent.username, "intervention." + type.toLowerCase(), "alert:" + id, null,
                Map.of("clientActionId", action.clientActionId().toString()));
        remember(action.clientActionId(), id, agent, fingerprint);
        em.flush();
        return true;
    }

    /**
     * What an action does, for telling a replay from another action under a reused id: the alert,
     * the agent, the type and every field of the payload. Not the base version: a queue may resend
     * an action with the version it saw after a sync.
     */
    static String fingerprint(StaffUser agent, long alertId, Action a) {
        return new Fingerprint().add("field/v1").add(alertId).add(agent.id).add(a.type()).add(a.text()).add(a.label())
                .add(a.value()).add(a.unit()).add(a.minutes()).add(a.quantity()).add(a.note()).add(a.lat()).add(a.lon())
                .add(a.accuracyM()).add(a.at()).add(a.distanceReason()).add(a.fixAt()).add(a.reason()).hex();
    }

    /** An "after" photo's fingerprint: the alert, the agent and the photo's bytes as sent. */
    public static String photoFingerprint(StaffUser agent, long alertId, byte[] photo) {
        return new Fingerprint().add("field-photo/v1").add(alertId).add(agent.id).add(Fingerprint.of(photo)).hex();
    }

    /** An AFTER photo's fingerprint is unchanged (queued replays across the upgrade); a BEFORE one names its kind. */
    public static String photoFingerprint(StaffUser agent, long alertId, byte[] photo, String kind) {
        return Photo.BEFORE.equals(kind)
                ? new Fingerprint().add("field-photo/v2").add(alertId).add(agent.id).add(kind).add(Fingerprint.of(photo)).hex()
                : photoFingerprint(agent, alertId, photo);
    }

    /**
     * One action id at a time, whatever alert it names: the alert's row lock does not cover the same id
     * sent for two alerts at once, where the second insert into field_action would fail (a 500) instead
     * of being told the id is taken (422). Always taken before the alert's lock.
     */
    private void lockActionId(UUID clientActionId) {
        queries.lockRetryKey("field-action:" + clientActionId);
    }

    private void remember(UUID clientActionId, long alertId, StaffUser agent, String fingerprint) {
        em.createNativeQuery(AlertSql.RECORD_FIELD_ACTION).setParameter("id", clientActionId.toString())
                .setParameter("alert", alertId).setParameter("agent", agent.id).setParameter("fingerprint", fingerprint)
                .executeUpdate();
    }

    /** The alert, if it is one of the agent's team's. */
    public static Alert ofTeam(Alert alert, StaffUser agent, long id) {
        if (alert == null || alert.teamId == null || !alert.teamId.equals(agent.teamId())) {
            throw ProblemException.notFound("Aucune intervention n° " + id + " pour votre équipe.");
        }
        return alert;
    }

    /** An "after" photo, already processed and written by the caller. */
    @Transactional
    public boolean afterPhoto(StaffUser agent, long id, UUID clientActionId, String fingerprint, Long baseVersion,
                              ProcessedPhoto photo, String storageKey) {
        return fieldPhoto(agent, id, clientActionId, fingerprint, baseVersion, photo, storageKey, Photo.AFTER);
    }

    /** A photo of the job, {@link Photo#BEFORE} or {@link Photo#AFTER} the work, already processed and written by the caller. */
    @Transactional
    public boolean fieldPhoto(StaffUser agent, long id, UUID clientActionId, String fingerprint, Long baseVersion,
                              ProcessedPhoto photo, String storageKey, String kind) {
        lockActionId(clientActionId);
        Alert alert = ofTeam(lifecycle.lock(id), agent, id);
        if (replayed(clientActionId, fingerprint)) {
            return false;
        }
        if (baseVersion != null) {
            checkNotChangedByOthers(alert, baseVersion, agent);
        }
        Photo p = new Photo();
        p.alertId = id;
        p.kind = Photo.BEFORE.equals(kind) ? Photo.BEFORE : Photo.AFTER;
        p.storageKey = storageKey;
        p.width = photo.width();
        p.height = photo.height();
        p.bytes = photo.jpeg().length;
        p.createdAt = Instant.now();
        p.persist();
        boolean before = Photo.BEFORE.equals(p.kind);
        record(alert, before ? AlertEvent.BEFORE_PHOTO : AlertEvent.AFTER_PHOTO, null, data("photoId", p.id), clientActionId,
                Actor.of(agent));
        audit.record(agent.id, agent.username, before ? "intervention.before_photo" : "intervention.after_photo", "alert:" + id,
                null, Map.of("photoId", p.id));
        remember(clientActionId, id, agent, fingerprint);
        em.flush();
        return true;
    }

    /**
     * Whether this very action was already recorded (a replay: nothing to do). The same id with
     * another action is refused (422), as a reused Idempotency-Key is, and changes nothing.
     */
    public boolean replayed(UUID clientActionId, String fingerprint) {
        var recorded = queries.fieldActionFingerprint(clientActionId);
        if (recorded.isPresent()) {
            if (!recorded.get().equals(fingerprint)) {
                throw ProblemException.unprocessable("clientActionId",
                        "Cet identifiant d'action (clientActionId) a déjà servi pour une autre action.");
            }
            return true;
        }
        // Actions recorded before their fingerprints were kept: the id alone tells.
        return queries.recorded(clientActionId);
    }

    /**
     * The agent's own earlier actions never conflict with their later ones (an offline queue replays
     * in order with the version it last saw); anyone else's change since that version does.
     */
    private void checkNotChangedByOthers(Alert alert, long baseVersion, StaffUser agent) {
        if (alert.version <= baseVersion) {
            return;
        }
        if (queries.changedByOthersSince(alert.id, baseVersion, agent.id)) {
            throw new Conflict("L'intervention a été modifiée par la régulation depuis votre dernière synchronisation.");
        }
    }

    /** Refused: someone else changed the alert, or it no longer allows the action. */
    public static final class Conflict extends ProblemException {
        Conflict(String detail) {
            super(409, "Conflit", detail, null);
        }
    }


    private void transition(Alert alert, AlertStatus to, Action action, Actor actor) {
        if (!Lifecycle.allowedFrom(alert.status).contains(to)) {
            throw new Conflict("Impossible : l'intervention est « " + alert.status.label + " ».");
        }
        lifecycle.apply(alert, new Lifecycle.Change(to, action.note(), null, null, null, null), actor,
                AlertEvent.TRANSITION, action.clientActionId(), null);
    }

    private void resolve(Alert alert, Action action, Actor actor) {
        if (action.lat() == null || action.lon() == null) {
            throw ProblemException.badRequest("lat", "La position de l'appareil (« lat », « lon ») prouve l'intervention.");
        }
        if (action.fixAt() == null) {
            throw ProblemException.badRequest("fixAt", "L'heure de la position (« fixAt », donnée par le GPS) prouve l'intervention.");
        }
        if (action.accuracyM() != null && (!Double.isFinite(action.accuracyM()) || action.accuracyM() < 0)) {
            throw ProblemException.badRequest("accuracyM", "La précision (« accuracyM ») est un nombre de mètres positif.");
        }
        // Measured at the tap (the device's time), not at arrival: an offline queue may replay hours later.
        Instant tapped = action.at() == null ? Instant.now() : action.at();
        long ageS = Duration.between(action.fixAt(), tapped).getSeconds();
        if (ageS > fixMaxAgeS) {
            throw ProblemException.unprocessable("fixAt", "La position date de " + Duration.ofSeconds(ageS).toMinutes()
                    + " min avant la résolution (au plus " + fixMaxAgeS + " s) : elle ne prouve pas votre passage. "
                    + "Reprenez une position sur place.").with("fixAgeS", ageS);
        }
        if (alert.status == AlertStatus.ASSIGNED) {
            // Resolved without a separate start: the start is implied, and recorded.
            lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.IN_PROGRESS, null, null, null, null, null), actor,
                    AlertEvent.TRANSITION, null, null);
        }
        if (alert.status != AlertStatus.IN_PROGRESS) {
            throw new Conflict("Impossible de résoudre : l'intervention est « " + alert.status.label + " ».");
        }
        double distance = queries.distanceM(alert.id, action.lat(), action.lon());
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
        alert.resolvedAccuracyM = action.accuracyM();
        alert.resolvedFixAt = action.fixAt();
        lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.RESOLVED, action.note(), null, null, null, null), actor,
                AlertEvent.TRANSITION, action.clientActionId(), null);
    }

    /**
     * "Can't fix": the reason goes on the timeline ({@link AlertEvent#CANT_FIX}), then the alert moves
     * where someone can act: back to the dispatcher (qualified, no agent), or waiting with the team
     * (assigned, no longer in progress).
     */
    private void cantFix(Alert alert, Action action, Actor actor) {
        CantFix why = CantFix.parse(action.reason());
        if (why == null) {
            throw ProblemException.unprocessable("reason", "Motif obligatoire : " + CantFix.views().stream()
                    .map(v -> v.code() + " (" + v.label() + ")").collect(java.util.stream.Collectors.joining(", ")) + ".")
                    .with("allowed", CantFix.views().stream().map(CantFix.CantFixReason::code).toList());
        }
        if (alert.status != AlertStatus.ASSIGNED && alert.status != AlertStatus.IN_PROGRESS) {
            throw new Conflict("Impossible : l'intervention est « " + alert.status.label + " ».");
        }
        String note = action.note() == null || action.note().isBlank() ? why.label : why.label + " : " + action.note().strip();
        record(alert, AlertEvent.CANT_FIX, note, data("reason", why.name()), action, actor);
        if (alert.status == AlertStatus.IN_PROGRESS) {
            lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.ASSIGNED, note, null, null, null, null), actor,
                    AlertEvent.TRANSITION, null, null);
        }
        if (why.returnsToDispatch) {
            // The client's id is on the CANT_FIX step (one event per id): the transitions carry none.
            lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.QUALIFIED, note, null, null, null, null), actor,
                    AlertEvent.TRANSITION, null, null);
        }
    }

    private void record(Alert alert, String type, String note, Map<String, Object> data, Action action, Actor actor) {
        record(alert, type, note, data, action.clientActionId(), actor);
    }

    private void record(Alert alert, String type, String note, Map<String, Object> data, UUID clientActionId, Actor actor) {
        timeline.step(alert.id, type, actor, Instant.now().truncatedTo(ChronoUnit.MICROS)).note(note).data(data)
                .clientAction(clientActionId).write();
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
}
