package fr.signalement.limit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place rate limits are applied, by method and path, to every anonymous request of the
 * API and Open311 (whatever resource serves it, so a new anonymous endpoint is covered the day it
 * appears): writes, reads, and sign-in, each per client address and overall. Signed-in staff are not
 * limited here; their accounts are checked by {@code staff/AccountCheck}.
 */
public class RateLimitFilter {
    // Only the (lazy) throttle: filters are built at static init, before runtime configuration exists.
    @Inject
    Throttle throttle;

    enum Kind {
        WRITE, OPEN311_WRITE, READ, LOGIN;

        static Kind of(String method, String path, boolean anonymous) {
            boolean api = path.startsWith("/api/") || path.startsWith("/open311/");
            if (!api) {
                return null;
            }
            if (path.startsWith("/api/v1/auth/") && method.equals("POST")) {
                return LOGIN;
            }
            if (!anonymous) {
                return null;
            }
            return switch (method) {
                case "GET", "HEAD" -> READ;
                case "POST", "PUT", "PATCH", "DELETE" -> path.startsWith("/open311/") ? OPEN311_WRITE : WRITE;
                default -> null;
            };
        }

        RateLimits.Rule perAddress(RateLimits limits) {
            return this == OPEN311_WRITE ? limits.open311Write() : pair(limits).perAddress();
        }

        RateLimits.Pair pair(RateLimits limits) {
            return switch (this) {
                case WRITE, OPEN311_WRITE -> limits.anonymousWrite();
                case READ -> limits.anonymousRead();
                case LOGIN -> limits.login();
            };
        }

        /** Open311 writes have their own bucket per address, and share the overall one of every write. */
        String bucket(String address) {
            return this == OPEN311_WRITE ? (address == null ? "write" : "open311-write:" + address)
                    : name().toLowerCase() + (address == null ? "" : ":" + address);
        }
    }

    @ServerRequestFilter
    public void limit(ContainerRequestContext context, HttpServerRequest request) {
        RateLimits limits = throttle.limits();
        if (!limits.enabled()) {
            return;
        }
        String path = context.getUriInfo().getPath();
        Kind kind = Kind.of(context.getMethod(), path.startsWith("/") ? path : "/" + path,
                context.getSecurityContext().getUserPrincipal() == null);
        if (kind == null) {
            return;
        }
        throttle.take(kind.perAddress(limits), kind.bucket(ClientAddress.of(request)), false);
        throttle.take(kind.pair(limits).global(), kind.bucket(null) + ":global", true);
    }
}
