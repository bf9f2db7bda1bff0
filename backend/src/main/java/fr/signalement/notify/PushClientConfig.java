package fr.signalement.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the citizen app needs to get a web-push token: the Firebase web app's public configuration
 * and VAPID key (none of it secret). Meant for {@code GET /api/v1/config}'s {@code push} member:
 * {@code {enabled, firebase: {apiKey, authDomain, projectId, messagingSenderId, appId, vapidKey}}}.
 */
@ApplicationScoped
public class PushClientConfig {
    @ConfigProperty(name = "signalement.notify.push.web.api-key")
    Optional<String> apiKey;
    @ConfigProperty(name = "signalement.notify.push.web.auth-domain")
    Optional<String> authDomain;
    @ConfigProperty(name = "signalement.notify.push.web.project-id")
    Optional<String> projectId;
    @ConfigProperty(name = "signalement.notify.push.web.messaging-sender-id")
    Optional<String> messagingSenderId;
    @ConfigProperty(name = "signalement.notify.push.web.app-id")
    Optional<String> appId;
    @ConfigProperty(name = "signalement.notify.push.web.vapid-key")
    Optional<String> vapidKey;
    @Inject
    PushGateway gateway;

    public record View(boolean enabled, Map<String, String> firebase) {
    }

    /**
     * The citizen app's push settings: enabled only when the server can send (a service account is
     * configured) and the web app is fully described; otherwise {@code enabled: false, firebase: null}.
     */
    public View forCitizenApp() {
        Map<String, String> firebase = new LinkedHashMap<>();
        put(firebase, "apiKey", apiKey);
        put(firebase, "authDomain", authDomain);
        put(firebase, "projectId", projectId);
        put(firebase, "messagingSenderId", messagingSenderId);
        put(firebase, "appId", appId);
        put(firebase, "vapidKey", vapidKey);
        boolean complete = firebase.keySet().containsAll(java.util.List.of("apiKey", "projectId", "messagingSenderId", "appId", "vapidKey"));
        return complete && gateway.enabled() ? new View(true, firebase) : new View(false, null);
    }

    private static void put(Map<String, String> m, String key, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> m.put(key, v.strip()));
    }
}
