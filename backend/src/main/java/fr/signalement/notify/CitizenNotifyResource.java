package fr.signalement.notify;

import fr.signalement.audit.AuditLog;
import fr.signalement.report.FollowUp;
import fr.signalement.report.Report;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Map;

/** What a reporter can do about notifications through their follow-up link (the token proves it is theirs). */
@Path("/api/v1/reports/{trackingNumber}")
@Produces(MediaType.APPLICATION_JSON)
public class CitizenNotifyResource {
    @Inject
    FollowUp followUp;
    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    public record PushRegistration(String token) {
    }

    @POST
    @Path("/push")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Register a web-push (FCM) token for the status changes of this report")
    public Response registerPush(@PathParam("trackingNumber") String trackingNumber,
                                 @QueryParam("token") String followToken, PushRegistration body) {
        Report r = followUp.authorised(trackingNumber, followToken);
        String token = PushTokens.valid(body == null ? null : body.token());
        em.createNativeQuery("""
                        INSERT INTO push_device (token, platform, report_id) VALUES (:token, 'web', :report)
                        ON CONFLICT (token, report_id) WHERE report_id IS NOT NULL DO UPDATE SET created_at = now()
                        """)
                .setParameter("token", token)
                .setParameter("report", r.id)
                .executeUpdate();
        return Response.noContent().build();
    }

    @DELETE
    @Path("/contact")
    @Transactional
    @Operation(summary = "Erase the reporter's e-mail address now (GDPR); no e-mail is sent to it any more")
    public Response eraseContact(@PathParam("trackingNumber") String trackingNumber, @QueryParam("token") String followToken) {
        Report r = followUp.authorised(trackingNumber, followToken);
        boolean held = r.contactEmail != null;
        em.createNativeQuery("""
                        UPDATE report SET contact_email = NULL, contact_erased_at = coalesce(contact_erased_at, now())
                        WHERE id = :id
                        """)
                .setParameter("id", r.id)
                .executeUpdate();
        audit.record(null, "citizen", "report.contact.erase", "report:" + r.id,
                Map.of("contactEmailHeld", held), Map.of("contactEmailHeld", false));
        return Response.noContent().build();
    }
}
