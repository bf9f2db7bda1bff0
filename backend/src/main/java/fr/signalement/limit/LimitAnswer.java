package fr.signalement.limit;

import jakarta.ws.rs.core.Response;

/**
 * How a part of the API that has its own error format (Open311) says "too many requests". Its
 * package provides a bean; everything else gets problem+json. The Retry-After header is added here.
 */
public interface LimitAnswer {
    boolean handles(String path);

    Response.ResponseBuilder answer(String path, RateLimited refusal);
}
