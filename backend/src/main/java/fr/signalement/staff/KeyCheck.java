package fr.signalement.staff;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Production must sign staff tokens with its own key, never the one published with the code. */
public class KeyCheck {
    static final String DEV_KEY = "dev-keys/privateKey.pem";

    @ConfigProperty(name = "signalement.jwt.private-key")
    String privateKey;
    @ConfigProperty(name = "signalement.allow-dev-keys", defaultValue = "false")
    boolean allowDevKeys;

    void check(@Observes StartupEvent event) {
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && ConfigUtils.getProfiles().contains("prod");
        if (production && DEV_KEY.equals(privateKey) && !allowDevKeys) {
            throw new IllegalStateException("Refusing to start: staff tokens would be signed with the published dev key. "
                    + "Set SIGNALEMENT_JWT_PRIVATE_KEY and SIGNALEMENT_JWT_PUBLIC_KEY (see application.properties), "
                    + "or run the demo profile (QUARKUS_PROFILE=demo).");
        }
    }
}
