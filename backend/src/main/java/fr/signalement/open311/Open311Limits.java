package fr.signalement.open311;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.limit.LimitAnswer;
import fr.signalement.limit.RateLimited;
import jakarta.enterprise.context.ApplicationScoped;
import fr.signalement.common.ErrorFormat;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

/**
 * Open311 clients are told to slow down, or that a body is too large, in the GeoReport v2 error
 * format, in the format they asked for.
 */
@ApplicationScoped
public class Open311Limits implements LimitAnswer, ErrorFormat {
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

    @Override
    public String contentType(String path) {
        return format(path).mediaType;
    }

    @Override
    public String body(String path, int status, String description) {
        return format(path).write(Open311Format.errors(status, description), json);
    }

    private static Open311Format format(String path) {
        return path.endsWith(".xml") ? Open311Format.XML : Open311Format.JSON;
    }
}
