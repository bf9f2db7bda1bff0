package fr.signalement.notify;

import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.report.ReportReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what happened to reports and alerts into e-mails and pushes, once the change is committed,
 * on the notification thread: the request that caused it never waits for, nor fails because of, a
 * mail server or FCM.
 */
@ApplicationScoped
public class Notifications {
    private static final Logger LOG = Logger.getLogger(Notifications.class);

    @Inject
    NotifyExecutor executor;
    @Inject
    Recipients recipients;
    @Inject
    Letters letters;
    @Inject
    Postman postman;
    @Inject
    PushGateway push;
    @Inject
    StaffNotices staff;

    void onReportReceived(@Observes(during = TransactionPhase.AFTER_SUCCESS) ReportReceived event) {
        executor.submit("acknowledgement of report " + event.reportId(), () -> acknowledge(event));
        if (event.openedAlert()) {
            executor.submit("staff notice of alert " + event.alertId(), () -> staff.instant(event.alertId()));
        }
    }

    void onAlertChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertChanged event) {
        executor.submit("status change of alert " + event.alertId() + " to " + event.to(), () -> statusChanged(event));
    }

    void acknowledge(ReportReceived event) {
        recipients.reporter(event.reportId()).ifPresent(r ->
                postman.send(r.email(), letters.acknowledgement(r), "acknowledgement of " + r.trackingNumber()));
    }

    void statusChanged(AlertChanged event) {
        if (event.to() == null) {
            return;
        }
        boolean statusChange = event.to() != event.from();
        if (statusChange) {
            List<String> afterPhotos = event.to() == AlertStatus.RESOLVED ? recipients.afterPhotoKeys(event.alertId()) : List.of();
            for (Recipients.Reporter r : recipients.reportersOf(event.alertId())) {
                Optional<Letter> letter = letters.statusChange(r, event, afterPhotos);
                letter.ifPresent(l -> postman.send(r.email(), l, event.to() + " e-mail for " + r.trackingNumber()));
            }
            pushToCitizens(event);
        }
        if (event.to() == AlertStatus.ASSIGNED) {
            pushToAgents(event);
        }
    }

    private void pushToCitizens(AlertChanged event) {
        List<Recipients.CitizenDevice> devices = recipients.citizenDevices(event.alertId());
        if (devices.isEmpty() || !push.enabled()) {
            return;
        }
        for (Recipients.CitizenDevice d : devices) {
            String body = citizenBody(event);
            push.send(new PushGateway.Push(d.token(), "Signalement " + d.trackingNumber() + " : " + event.to().label,
                    body, data(event.alertId(), d.trackingNumber(), event.to()), true));
        }
    }

    private void pushToAgents(AlertChanged event) {
        Optional<Recipients.AlertInfo> info = recipients.alert(event.alertId());
        if (info.isEmpty()) {
            return;
        }
        Recipients.AlertInfo a = info.get();
        Long teamId = event.teamId() != null ? event.teamId() : a.teamId();
        Long agentId = event.agentId() != null ? event.agentId() : a.agentId();
        List<String> tokens = recipients.agentDevices(agentId, teamId);
        if (tokens.isEmpty() || !push.enabled()) {
            return;
        }
        boolean reassigned = event.from() == AlertStatus.ASSIGNED;
        String title = (reassigned ? "Intervention réattribuée" : "Nouvelle intervention") + " : " + a.categoryLabel();
        String body = (a.address() == null ? "Alerte n° " + a.id() : a.address())
                + (a.dueAt() == null ? "" : " — à traiter avant le " + letters.dateTime(a.dueAt()));
        for (String token : tokens) {
            push.send(new PushGateway.Push(token, title, body, data(a.id(), a.firstTrackingNumber(), event.to()), false));
        }
        LOG.debugf("Assignment of alert %d pushed to %d device(s)", a.id(), tokens.size());
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
