package fr.signalement.notify;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dispatcher writes to the reporters of an alert (they see the service's name, never each other's). */
@Path("/api/v1/alerts/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class AlertMessageResource {
    static final int MAX_MESSAGE = 5000;

    @Inject
    AuditLog audit;
    @Inject
    CurrentStaff staff;
    @Inject
    Recipients recipients;
    @Inject
    Letters letters;
    @Inject
    Postman postman;

    public record MessageRequest(String text) {
    }

    /** How many reporters were written to, and how many could not be (mail server refused or down). */
    public record MessageResult(int sent, int failed) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"DISPATCHER", "ADMIN"})
    @Operation(summary = "E-mail a message to every reporter of the alert who left an address")
    public MessageResult send(@PathParam("id") long alertId, MessageRequest body) {
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) {
            throw ProblemException.badRequest("text", "Le message est vide.");
        }
        if (text.length() > MAX_MESSAGE) {
            throw ProblemException.badRequest("text", "Le message dépasse " + MAX_MESSAGE + " caractères.");
        }
        Caller caller = QuarkusTransaction.requiringNew().call(() -> {
            List<Long> scope = staff.serviceScope();
            return new Caller(staff.id(), staff.user().username, scope == null ? null : List.copyOf(scope));
        });
        Recipients.AlertInfo alert = recipients.alert(alertId)
                .orElseThrow(() -> ProblemException.notFound("Aucune alerte n° " + alertId + "."));
        if (caller.serviceScope() != null && !caller.serviceScope().contains(alert.serviceId())) {
            throw new ProblemException(403, "Accès refusé",
                    "Cette alerte relève d'un service pour lequel vous n'êtes pas habilité(e).", null);
        }
        int sent = 0;
        int failed = 0;
        List<Recipients.Reporter> reporters = recipients.reportersOf(alertId);
        for (Recipients.Reporter r : reporters) {
            if (postman.send(r.email(), letters.message(r, text), "message to the reporter of " + r.trackingNumber())) {
                sent++;
            } else {
                failed++;
            }
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("text", text);
        after.put("recipients", reporters.size());
        after.put("sent", sent);
        QuarkusTransaction.requiringNew().run(() ->
                audit.record(caller.id(), caller.username(), "alert.message", "alert:" + alertId, null, after));
        return new MessageResult(sent, failed);
    }

    /** The signed-in dispatcher, read once: id, username and the services they triage for (null: all). */
    private record Caller(long id, String username, List<Long> serviceScope) {
    }
}
