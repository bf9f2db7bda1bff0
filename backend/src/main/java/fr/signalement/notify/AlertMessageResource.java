package fr.signalement.notify;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dispatcher writes to the reporters of an alert (they see the service's name, never each
 * other's). The e-mails are written to the outbox with the message and the answer comes at once;
 * the console reads how far delivery got from the list of the alert's messages.
 */
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
    Outbox outbox;
    @Inject
    AlertMessages messages;

    public record MessageRequest(String text) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"DISPATCHER", "ADMIN"})
    @Operation(summary = "E-mail a message to every reporter of the alert who left an address",
            description = "Answers at once: the e-mails go out afterwards; their delivery is read with GET.")
    public AlertMessages.MessageState send(@PathParam("id") long alertId, MessageRequest body) {
        String text = body == null || body.text() == null ? "" : body.text().strip();
        if (text.isEmpty()) {
            throw ProblemException.badRequest("text", "Le message est vide.");
        }
        if (text.length() > MAX_MESSAGE) {
            throw ProblemException.badRequest("text", "Le message dépasse " + MAX_MESSAGE + " caractères.");
        }
        long messageId = QuarkusTransaction.requiringNew().call(() -> {
            inScope(alertId);
            List<Recipients.Reporter> reporters = recipients.reportersOf(alertId);
            long id = messages.create(alertId, staff.id(), text, reporters.size());
            for (Recipients.Reporter r : reporters) {
                outbox.email(Outbox.Email.toReporter(r, letters.message(r, text), "message").inMessage(id));
            }
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("messageId", id);
            after.put("text", text);
            after.put("recipients", reporters.size());
            audit.record(staff.id(), staff.user().username, "alert.message", "alert:" + alertId, null, after);
            return id;
        });
        return messages.get(messageId);
    }

    @GET
    @RolesAllowed({"DISPATCHER", "ADMIN"})
    @Operation(summary = "The messages written to the reporters of the alert, newest first, with their delivery")
    public List<AlertMessages.MessageState> list(@PathParam("id") long alertId) {
        QuarkusTransaction.requiringNew().run(() -> inScope(alertId));
        return messages.ofAlert(alertId);
    }

    /** 404 for an unknown alert, 403 for a dispatcher whose services or communes it is not in. */
    private void inScope(long alertId) {
        Recipients.AlertInfo alert = recipients.alert(alertId)
                .orElseThrow(() -> ProblemException.notFound("Aucune alerte n° " + alertId + "."));
        staff.mayActOn(alertId, alert.serviceId(), alert.inseeCode());
    }
}
