package fr.signalement.open311;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.limit.LimitAnswer;
import fr.signalement.limit.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/** Open311 clients are told to slow down in the GeoReport v2 error format, in the format they asked for. */
@ApplicationScoped
public class Open311Limits implements LimitAnswer {
    @Inject
    ObjectMapper json;

    @Override
    public boolean handles(String path) {
        return path.startsWith("/open311/");
    }

    @Override
    public Response.ResponseBuilder answer(String path, RateLimited refusal) {
        Open311Format f = path.endsWith(".xml") ? Open311Format.XML : Open311Format.JSON;
        return Response.status(429).entity(f.write(Open311Format.errors(429, refusal.getMessage()), json)).type(f.mediaType);
    }
}
