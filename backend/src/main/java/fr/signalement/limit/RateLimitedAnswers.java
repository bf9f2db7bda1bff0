package fr.signalement.limit;

import fr.signalement.common.ProblemMappers;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 429 with Retry-After, in problem+json or in the format of the part of the API that was called. */
public class RateLimitedAnswers {
    @Inject
    Instance<LimitAnswer> formats;

    @ServerExceptionMapper
    public Response rateLimited(RateLimited refusal, UriInfo uri) {
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        for (LimitAnswer f : formats) {
            if (f.handles(path)) {
                return f.answer(path, refusal).header("Retry-After", refusal.retryAfterSeconds()).build();
            }
        }
        return Response.fromResponse(ProblemMappers.response(refusal.toProblem()))
                .header("Retry-After", refusal.retryAfterSeconds()).build();
    }
}
