package fr.signalement.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * A refused token (bad signature, expired, unknown or deactivated account, ended session) is
 * rejected by proactive authentication before any resource runs, so the REST exception mappers never
 * see it: this failure handler gives it the same problem+json answer as every other refusal.
 */
@ApplicationScoped
public class AuthenticationProblems {
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (!(rc.failure() instanceof AuthenticationFailedException) || rc.response().ended()) {
                rc.next();
                return;
            }
            Problem p = new Problem(401, "Authentification requise",
                    "Jeton d'accès invalide, expiré, ou compte désactivé : reconnectez-vous.", null);
            try {
                rc.response().setStatusCode(401)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("WWW-Authenticate", "Bearer")
                        .end(json.writeValueAsString(p));
            } catch (JsonProcessingException e) {
                rc.next();
            }
        });
    }
}
