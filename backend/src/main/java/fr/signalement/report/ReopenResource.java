package fr.signalement.report;

import fr.signalement.alert.Actor;
import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.Lifecycle;
import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * "Not fixed": a reporter told the problem is resolved can say otherwise from the follow-up link
 * for a few days; the alert reopens, with their word in its timeline, at the top of the queue.
 */
@Path("/api/v1/reports/{trackingNumber}/reopen")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ReopenResource {
    @Inject
    FollowUp followUp;
    @Inject
    Lifecycle lifecycle;

    public record ReopenRequest(String comment) {
    }

    @POST
    @Transactional
    public FollowUp.View reopen(@PathParam("trackingNumber") String trackingNumber, @QueryParam("token") String token,
                                ReopenRequest body) {
        FollowUp.View before = followUp.view(trackingNumber, token);
        if (!before.canReopen()) {
            throw ProblemException.conflict(before.status().equals(AlertStatus.RESOLVED.name())
                    ? "Le délai pour signaler que le problème persiste est dépassé : faites un nouveau signalement."
                    : "Ce signalement n'est pas marqué comme résolu.");
        }
        Report report = followUp.authorised(trackingNumber, token);
        Alert alert = lifecycle.lock(report.alert.id);
        String comment = body == null || body.comment() == null || body.comment().isBlank()
                ? "Le problème n'est pas résolu." : body.comment().strip();
        if (comment.length() > 2000) {
            throw ProblemException.badRequest("comment", "Le commentaire dépasse 2000 caractères.");
        }
        lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.QUALIFIED, comment, null, null, null, null),
                Actor.CITIZEN, AlertEvent.REOPENED, null, report.id);
        return followUp.view(trackingNumber, token);
    }
}
