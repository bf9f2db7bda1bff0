package fr.signalement.alert;

import fr.signalement.common.ProblemException;
import fr.signalement.photo.Photo;
import fr.signalement.photo.ProcessedPhoto;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A reporter's word on their report after it was taken in, sent through a client application
 * (Open311 {@code servicerequestupdates}): a comment for staff, an optional photo (unpublished
 * until staff publish it), and "still not fixed", which reopens a resolved alert within the reopen
 * window exactly as the follow-up page's button does.
 */
@ApplicationScoped
public class CitizenUpdates {
    @Inject
    Lifecycle lifecycle;
    @Inject
    Timeline timeline;
    @Inject
    AlertQueries queries;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;

    /**
     * The step written, and whether it reopened the alert; or, {@code replayed}, the step an earlier
     * post with the same retry key wrote (nothing was written this time, the photo not kept).
     */
    public record Posted(long eventId, boolean reopened, boolean replayed) {
    }

    /** A photo already written to the store by the caller. */
    public record StoredPhoto(ProcessedPhoto photo, String storageKey) {
    }

    /**
     * @param notFixed the reporter says the problem is still there
     * @param via      who carried the update (the client application), kept in the step's data
     * @param retryKey the client's own id for the update, as a UUID unique to that client (null: none);
     *                 kept on the step, so that the same update posted again is recognised
     */
    @Transactional
    public Posted post(long reportId, long alertId, String comment, boolean notFixed, StoredPhoto photo, String via,
                       UUID retryKey) {
        if (retryKey != null) {
            // Before the alert's lock, as field actions take theirs; the unique client_action_id backs it.
            queries.lockRetryKey("citizen-update:" + retryKey);
            Optional<Posted> earlier = earlier(retryKey, reportId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Alert alert = lifecycle.lock(alertId);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Long photoId = null;
        if (photo != null) {
            Photo p = new Photo();
            p.alertId = alertId;
            p.reportId = reportId;
            p.kind = Photo.REPORT;
            p.storageKey = photo.storageKey();
            p.width = photo.photo().width();
            p.height = photo.photo().height();
            p.bytes = photo.photo().jpeg().length;
            p.createdAt = now;
            p.persist();
            photoId = p.id;
        }
        if (notFixed && canReopen(alert, now)) {
            AlertEvent e = lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.QUALIFIED,
                    comment == null ? "Le problème n'est pas résolu." : comment, null, null, null, null),
                    Actor.CITIZEN, AlertEvent.REOPENED, retryKey, reportId, now);
            if (photoId != null) {
                photoStep(alertId, reportId, photoId, via, now);
            }
            return new Posted(e.id, true, false);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("via", via);
        if (photoId != null) {
            data.put("photoId", photoId);
        }
        if (notFixed) {
            data.put("notFixed", true);
        }
        AlertEvent e = timeline.step(alertId, AlertEvent.CITIZEN_UPDATE, Actor.CITIZEN, now).note(comment)
                .report(reportId).clientAction(retryKey).data(data).write();
        return new Posted(e.id, false, false);
    }

    /**
     * The step an update posted with this retry key wrote, if one did. The key names one update of
     * one report: the same key for another report is refused (422), as a reused Idempotency-Key is.
     */
    @Transactional
    public Optional<Posted> earlier(UUID retryKey, long reportId) {
        return queries.stepByClientAction(retryKey).map(s -> {
            if (s.reportId() == null || s.reportId() != reportId) {
                throw ProblemException.unprocessable("update_id", "cet identifiant de mise à jour a déjà servi pour "
                        + "une autre demande : chaque mise à jour a le sien.");
            }
            return new Posted(s.eventId(), false, true);
        });
    }

    private void photoStep(long alertId, long reportId, long photoId, String via, Instant at) {
        timeline.step(alertId, AlertEvent.CITIZEN_UPDATE, Actor.CITIZEN, at).report(reportId)
                .data(Map.of("via", via, "photoId", photoId)).write();
    }

    /** Resolved, and the reopen window since it was resolved is not over. */
    boolean canReopen(Alert alert, Instant now) {
        return alert.status == AlertStatus.RESOLVED && alert.resolvedAt != null
                && now.isBefore(alert.resolvedAt.plus(Duration.ofDays(reopenDays)));
    }

    /**
     * Notes on a report's alert that its sender's photo could not be taken (an unreachable
     * media_url): the report is kept, and staff read why the photo is missing.
     */
    @Transactional
    public void photoMissing(long reportId, long alertId, String why, String via) {
        timeline.step(alertId, AlertEvent.PHOTO_MISSING, Actor.SYSTEM, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .report(reportId).note(why).data(Map.of("via", via)).write();
    }
}
