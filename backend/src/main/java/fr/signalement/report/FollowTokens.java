package fr.signalement.report;

import fr.signalement.common.InstallationSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret in a reporter's follow-up link. It is an HMAC of the tracking number, so nothing
 * secret is stored per report and an idempotent retry can hand back the very same link. The key
 * is configured, or generated once per installation and shared by every backend process.
 */
@ApplicationScoped
public class FollowTokens {
    @Inject
    InstallationSecrets secrets;
    @ConfigProperty(name = "signalement.follow.secret")
    Optional<String> configuredSecret;

    private volatile byte[] key;

    /** Read (or created) at start-up, in its own transaction, never inside a request's. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        key();
    }

    public String tokenFor(String trackingNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal(trackingNumber.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(String trackingNumber, String token) {
        if (token == null || trackingNumber == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(trackingNumber).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = configuredSecret.filter(s -> !s.isBlank())
                            .map(s -> s.getBytes(StandardCharsets.UTF_8))
                            .orElseGet(this::installationSecret);
                }
                k = key;
            }
        }
        return k;
    }

    private byte[] installationSecret() {
        return secrets.get("follow-token");
    }
}
