package fr.signalement.alert;

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
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;

    /** The step written, and whether it reopened the alert. */
    public record Posted(long eventId, boolean reopened) {
    }

    /** A photo already written to the store by the caller. */
    public record StoredPhoto(ProcessedPhoto photo, String storageKey) {
    }

    /**
     * @param notFixed the reporter says the problem is still there
     * @param via      who carried the update (the client application), kept in the step's data
     */
    @Transactional
    public Posted post(long reportId, long alertId, String comment, boolean notFixed, StoredPhoto photo, String via) {
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
                    Actor.CITIZEN, AlertEvent.REOPENED, null, reportId, now);
            if (photoId != null) {
                photoStep(alertId, reportId, photoId, via, now);
            }
            return new Posted(e.id, true);
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
                .report(reportId).data(data).write();
        return new Posted(e.id, false);
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
