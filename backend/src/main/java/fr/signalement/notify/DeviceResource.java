package fr.signalement.notify;

import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Locale;

/** Staff devices (the agents' Android app, a dispatcher's browser) registered for push. */
@Path("/api/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
    static final List<String> PLATFORMS = List.of("android", "web");

    @Inject
    EntityManager em;
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
        String token = PushTokens.valid(body == null ? null : body.token());
        String platform = body.platform() == null ? "" : body.platform().trim().toLowerCase(Locale.ROOT);
        if (!PLATFORMS.contains(platform)) {
            throw ProblemException.badRequest("platform", "La plateforme doit être « android » ou « web ».")
                    .with("allowed", PLATFORMS);
        }
        // A device changes hands with its sign-in: the token now belongs to whoever registered it last.
        em.createNativeQuery("""
                        INSERT INTO push_device (token, platform, user_id) VALUES (:token, :platform, :user)
                        ON CONFLICT (token) WHERE user_id IS NOT NULL
                        DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform, created_at = now()
                        """)
                .setParameter("token", token)
                .setParameter("platform", platform)
                .setParameter("user", uid)
                .executeUpdate();
        return Response.noContent().build();
    }
}
