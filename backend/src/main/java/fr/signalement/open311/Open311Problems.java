package fr.signalement.open311;

import fr.signalement.common.Problem;
import fr.signalement.common.ProblemMediaType;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Refusals the resource never sees — a form body with a broken encoding, a method no route takes,
 * the database down (503), an unexpected failure — are mapped to problems like everywhere else;
 * under {@code /open311/} they leave in GeoReport v2's error format instead, in the format the path
 * asks for, so a client always reads {@code <errors><error>…} (or {@code [{code, description}]}).
 */
public class Open311Problems {
    @Inject
    Open311Limits format;

    @ServerResponseFilter
    public void inSpecForm(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem p)) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (!format.handles(path)) {
            return;
        }
        response.getHeaders().remove(ProblemMediaType.MARKER);
        String description = p.field == null ? p.detail : p.field + " : " + p.detail;
        response.setEntity(format.body(path, p.status, description), null, MediaType.valueOf(format.contentType(path)));
    }
}
