package fr.signalement.notify;

import fr.signalement.report.FollowUp;
import fr.signalement.report.Report;
import jakarta.inject.Inject;
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

/** What a reporter can do about notifications through their follow-up link (the token proves it is theirs). */
@Path("/api/v1/reports/{trackingNumber}")
@Produces(MediaType.APPLICATION_JSON)
public class CitizenNotifyResource {
    @Inject
    FollowUp followUp;
    @Inject
    Subscriptions subscriptions;

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
        subscriptions.registerCitizenDevice(r, body == null ? null : body.token());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/contact")
    @Transactional
    @Operation(summary = "Erase the reporter's e-mail address now (GDPR); no e-mail is sent to it any more")
    public Response eraseContact(@PathParam("trackingNumber") String trackingNumber, @QueryParam("token") String followToken) {
        subscriptions.eraseContact(followUp.authorised(trackingNumber, followToken));
        return Response.noContent().build();
    }
}
