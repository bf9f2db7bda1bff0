package fr.signalement.notify;

import fr.signalement.staff.CurrentStaff;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Staff devices (the agents' Android app, a dispatcher's browser) registered for push. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
    @Inject
    Subscriptions subscriptions;
    @Inject
    CurrentStaff staff;

    public record DeviceRegistration(String token, String platform) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @Transactional
    @Operation(summary = "Register a push token for the signed-in staff member's device")
    public Response register(DeviceRegistration body) {
        long uid = staff.id(); // 401 without a token, 403 for an unknown or deactivated account
        subscriptions.registerStaffDevice(uid, body == null ? null : body.token(), body == null ? null : body.platform());
        return Response.noContent().build();
    }
}
