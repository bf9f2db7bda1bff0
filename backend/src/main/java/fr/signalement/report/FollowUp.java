package fr.signalement.report;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.ForwardedProgress;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Geography;
import fr.signalement.photo.Photo;
import fr.signalement.photo.PhotoLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reporter sees through their follow-up link: their own report and the alert's progress,
 * never another reporter's data (nor an agent's photo staff did not publish).
 */
@ApplicationScoped
public class FollowUp {
    @Inject
    FollowTokens tokens;
    @Inject
    Geography geography;
    @Inject
    PhotoLinks links;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;

    @Schema(name = "FollowUpPhoto")
    public record PhotoRef(String url, String thumbnailUrl) {
    }

    private PhotoRef photoRef(Photo p) {
        return new PhotoRef(links.url(p, false), links.url(p, true));
    }

    @Schema(name = "FollowUpStep")
    public record Step(Instant at, String status, String statusLabel, String note) {
    }

    public record View(String trackingNumber, String status, String statusLabel, Acknowledgement.CategoryRef category,
                       Instant receivedAt, Instant dueAt, String address, String quartier,
                       Acknowledgement.ServiceContact service, int reportCount, List<PhotoRef> photos,
                       List<PhotoRef> afterPhotos, List<Step> timeline, boolean canReopen) {
    }

    /** The report behind a follow-up link; a wrong token is indistinguishable from no report. */
    @Transactional
    public Report authorised(String trackingNumber, String token) {
        return Report.byTrackingNumber(trackingNumber)
                .filter(r -> tokens.matches(r.trackingNumber, token))
                .orElseThrow(() -> ProblemException.notFound("Aucun signalement ne correspond à ce lien de suivi."));
    }

    @Transactional
    public View view(String trackingNumber, String token) {
        Report r = authorised(trackingNumber, token);
        Alert a = r.alert;
        List<Step> timeline = new ArrayList<>();
        timeline.add(new Step(r.receivedAt, AlertStatus.NEW.name(), "Signalement reçu", null));
        Instant resolvedAt = null;
        for (AlertEvent e : AlertEvent.timeline(a.id)) {
            boolean statusChange = e.toStatus != null && e.fromStatus != null && !e.toStatus.equals(e.fromStatus);
            if (statusChange && !e.at.isBefore(r.receivedAt)) {
                AlertStatus to = AlertStatus.valueOf(e.toStatus);
                // Another reporter's words (their "not fixed" comment) are theirs: the step shows, not the text.
                boolean someoneElses = e.reportId != null && !e.reportId.equals(r.id);
                timeline.add(new Step(e.at, to.name(), to.label, someoneElses ? null : e.note));
                resolvedAt = to == AlertStatus.RESOLVED ? e.at : resolvedAt;
            } else if (AlertEvent.REMOTE_STATUS.equals(e.type) && !e.at.isBefore(r.receivedAt)) {
                // Forwarded to the competent organisation: what happens there (open311/Forwarding).
                timeline.add(new Step(e.at, AlertStatus.FORWARDED.name(), AlertStatus.FORWARDED.label,
                        ForwardedProgress.isFailure(e) ? ForwardedProgress.publicWords(e) : e.note));
            }
        }
        boolean canReopen = a.status == AlertStatus.RESOLVED && resolvedAt != null
                && Instant.now().isBefore(resolvedAt.plus(Duration.ofDays(reopenDays)));
        var s = a.service;
        List<Photo> photos = Photo.ofAlert(a.id);
        return new View(r.trackingNumber, a.status.name(), a.status.label,
                new Acknowledgement.CategoryRef(r.category.code, r.category.label), r.receivedAt, a.dueAt,
                r.address, geography.quartierName(r.quartierCode),
                new Acknowledgement.ServiceContact(s.name, s.email, s.phone, s.postalAddress), a.reportCount,
                // Their own photos (signed while unpublished); the agents' only once staff published them.
                photos.stream().filter(p -> r.id.equals(p.reportId)).map(this::photoRef).toList(),
                photos.stream().filter(p -> Photo.AFTER.equals(p.kind) && p.published()).map(this::photoRef).toList(),
                timeline, canReopen);
    }
}
