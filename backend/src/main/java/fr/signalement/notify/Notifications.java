package fr.signalement.notify;

import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.report.ReportReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what happened to reports and alerts into e-mails and pushes, written to the {@link Outbox}
 * in the transaction of the change itself (both are committed, or neither); the
 * {@link OutboxWorker} delivers them after the commit, so the request that caused them never
 * waits for, nor fails because of, a mail server or FCM.
 */
@ApplicationScoped
public class Notifications {
    private static final Logger LOG = Logger.getLogger(Notifications.class);

    @Inject
    Outbox outbox;
    @Inject
    Recipients recipients;
    @Inject
    Letters letters;
    @Inject
    StaffNotices staff;
    @Inject
    EntityManager em;

    void onReportReceived(@Observes ReportReceived event) {
        if (!outbox.writing()) {
            return;
        }
        if (event.withContactEmail()) {
            recipients.reporter(event.reportId()).ifPresent(r ->
                    outbox.email(Outbox.Email.toReporter(r, letters.acknowledgement(r), "acknowledgement")));
        }
        if (event.openedAlert()) {
            staff.instant(event.alertId());
        }
    }

    void onAlertChanged(@Observes AlertChanged event) {
        if (!outbox.writing()) {
            return;
        }
        // The recipients are read over JDBC on this transaction's connection: the change must be there.
        em.flush();
        statusChanged(event);
    }

    void statusChanged(AlertChanged event) {
        if (event.to() == null) {
            return;
        }
        boolean statusChange = event.to() != event.from();
        if (statusChange) {
            if (outbox.emailEnabled()) {
                List<String> afterPhotos = event.to() == AlertStatus.RESOLVED ? recipients.afterPhotoKeys(event.alertId()) : List.of();
                for (Recipients.Reporter r : recipients.reportersOf(event.alertId())) {
                    letters.statusChange(r, event, afterPhotos).ifPresent(l ->
                            outbox.email(Outbox.Email.toReporter(r, l, "status " + event.to())));
                }
            }
            pushToCitizens(event);
        }
        if (event.to() == AlertStatus.ASSIGNED) {
            pushToAgents(event);
        }
    }

    private void pushToCitizens(AlertChanged event) {
        if (!outbox.pushEnabled()) {
            return;
        }
        for (Recipients.CitizenDevice d : recipients.citizenDevices(event.alertId())) {
            outbox.push(new PushGateway.Push(d.token(), "Signalement " + d.trackingNumber() + " : " + event.to().label,
                    citizenBody(event), data(event.alertId(), d.trackingNumber(), event.to()), true), "push-citizen");
        }
    }

    private void pushToAgents(AlertChanged event) {
        if (!outbox.pushEnabled()) {
            return;
        }
        Optional<Recipients.AlertInfo> info = recipients.alert(event.alertId());
        if (info.isEmpty()) {
            return;
        }
        Recipients.AlertInfo a = info.get();
        Long teamId = event.teamId() != null ? event.teamId() : a.teamId();
        Long agentId = event.agentId() != null ? event.agentId() : a.agentId();
        List<String> tokens = recipients.agentDevices(agentId, teamId);
        boolean reassigned = event.from() == AlertStatus.ASSIGNED;
        String title = (reassigned ? "Intervention réattribuée" : "Nouvelle intervention") + " : " + a.categoryLabel();
        String body = (a.address() == null ? "Alerte n° " + a.id() : a.address())
                + (a.dueAt() == null ? "" : " — à traiter avant le " + letters.dateTime(a.dueAt()));
        for (String token : tokens) {
            outbox.push(new PushGateway.Push(token, title, body, data(a.id(), a.firstTrackingNumber(), event.to()), false),
                    "push-agent");
        }
        LOG.debugf("Assignment of alert %d: push to %d device(s) written", a.id(), tokens.size());
    }

    private static String citizenBody(AlertChanged event) {
        return switch (event.to()) {
            case QUALIFIED -> event.from() == AlertStatus.RESOLVED
                    ? "Le problème est de nouveau en cours de traitement." : "Votre signalement a été pris en compte.";
            case ASSIGNED -> "Votre signalement a été confié à une équipe d'intervention.";
            case IN_PROGRESS -> "L'intervention a commencé.";
            case RESOLVED -> "Le problème signalé est résolu.";
            case CLOSED -> "Votre signalement est clôturé.";
            case REJECTED -> {
                String reason = Letters.rejectReason(event.reason());
                yield "Votre signalement a été classé sans suite" + (reason == null ? "." : " : " + reason + ".");
            }
            case FORWARDED -> "Votre signalement a été transmis à "
                    + (event.forwardedTo() == null ? "l'autorité compétente" : event.forwardedTo()) + ".";
            case NEW -> "Votre signalement a été reçu.";
        };
    }

    private static Map<String, String> data(long alertId, String trackingNumber, AlertStatus status) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("alertId", Long.toString(alertId));
        if (trackingNumber != null) {
            data.put("trackingNumber", trackingNumber);
        }
        data.put("status", status.name());
        data.put("statusLabel", status.label);
        return data;
    }
}
