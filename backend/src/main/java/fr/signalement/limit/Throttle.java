package fr.signalement.limit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Takes a token from a bucket or refuses the request with {@link RateLimited}. */
@ApplicationScoped
public class Throttle {
    @Inject
    RateLimits limits;
    @Inject
    RateLimiter limiter;

    RateLimits limits() {
        return limits;
    }

    void take(RateLimits.Rule rule, String bucket, boolean global) {
        RateLimiter.Decision d = limiter.take(rule, bucket);
        if (!d.allowed()) {
            throw new RateLimited(global
                    ? "Le service reçoit trop de demandes en ce moment : réessayez dans " + d.retryAfterSeconds() + " s."
                    : "Trop de demandes depuis votre adresse : réessayez dans " + d.retryAfterSeconds() + " s.",
                    d.retryAfterSeconds());
        }
    }

    /**
     * Sign-in attempts for one username from one address. Keyed on both, so that one attacker
     * neither locks a whole office out by its shared address nor tries many usernames from one
     * address (the per-address login limit in {@link RateLimitFilter} catches that).
     */
    public void signInAttempt(String username, HttpServerRequest request) {
        if (limits.enabled() && username != null) {
            take(limits.loginAccount(), "login-account:" + username + "@" + ClientAddress.of(request), false);
        }
    }
}
