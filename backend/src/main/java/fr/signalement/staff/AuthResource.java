package fr.signalement.staff;

import fr.signalement.limit.Throttle;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
    @Inject
    Auth auth;
    @Inject
    Throttle throttle;

    public record LoginRequest(String username, String password) {
    }

    public record RefreshRequest(String refreshToken) {
    }

    @POST
    @Path("/login")
    public Auth.Tokens login(LoginRequest body, @Context HttpServerRequest request) {
        // Only sign-in knows the username: its per-username limit cannot live in limit/RateLimitFilter.
        throttle.signInAttempt(Auth.normalized(body == null ? null : body.username()), request);
        return auth.login(body == null ? null : body.username(), body == null ? null : body.password());
    }

    @POST
    @Path("/refresh")
    public Auth.Tokens refresh(RefreshRequest body) {
        return auth.refresh(body == null ? null : body.refreshToken());
    }

    @POST
    @Path("/logout")
    public Response logout(RefreshRequest body) {
        auth.logout(body == null ? null : body.refreshToken());
        return Response.noContent().build();
    }
}
