package fr.signalement.staff;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.interfaces.RSAKey;
import java.util.Optional;

/**
 * Production must sign and verify staff tokens with its own key pair, never the one published with
 * the code: anyone could forge an ADMIN token with it. The keys actually configured are compared by
 * their material (the RSA modulus, shared by both halves of a pair), so a copy of the dev key under
 * another name or path is refused as well.
 */
public class KeyCheck {
    static final String DEV_PUBLIC_KEY = "dev-keys/publicKey.pem";
    static final String DEV_PRIVATE_KEY = "dev-keys/privateKey.pem";

    @ConfigProperty(name = "smallrye.jwt.sign.key.location")
    Optional<String> signingKey;
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> verificationKey;
    @ConfigProperty(name = "signalement.allow-dev-keys", defaultValue = "false")
    boolean allowDevKeys;

    void check(@Observes StartupEvent event) {
        boolean production = LaunchMode.current() == LaunchMode.NORMAL && ConfigUtils.getProfiles().contains("prod");
        if (production && !allowDevKeys && (isDevKey(signingKey.orElse(null), true) || isDevKey(verificationKey.orElse(null), false))) {
            throw new IllegalStateException("Refusing to start: staff tokens would be signed or verified with the published dev key. "
                    + "Set SIGNALEMENT_JWT_PRIVATE_KEY and SIGNALEMENT_JWT_PUBLIC_KEY to a key pair of your own (see application.properties), "
                    + "or run the demo profile (QUARKUS_PROFILE=demo).");
        }
    }

    /**
     * Whether the key at this location (classpath, file: or a plain path) is the bundled dev key.
     * Remote key sets (an OpenID provider's JWKS over https) are not fetched: they are not ours.
     */
    static boolean isDevKey(String location, boolean privateKey) {
        if (location == null || location.isBlank() || location.startsWith("http")) {
            return false;
        }
        BigInteger configured = modulus(location, privateKey);
        return configured != null && configured.equals(modulus(privateKey ? DEV_PRIVATE_KEY : DEV_PUBLIC_KEY, privateKey));
    }

    /** Locations as SmallRye JWT reads them: {@code classpath:}, {@code file:}, else a file if one exists, else the classpath. */
    private static String read(String location) throws IOException {
        String path = location.startsWith("file:") ? location.substring(5) : location;
        if (!location.startsWith("classpath:") && Files.isRegularFile(Path.of(path))) {
            return Files.readString(Path.of(path));
        }
        String resource = location.startsWith("classpath:") ? location.substring(10) : location;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource.replaceFirst("^/", ""))) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static BigInteger modulus(String location, boolean privateKey) {
        try {
            String pem = read(location);
            Key key = pem == null ? null : privateKey ? KeyUtils.decodePrivateKey(pem) : KeyUtils.decodePublicKey(pem);
            return key instanceof RSAKey rsa ? rsa.getModulus() : null;
        } catch (Exception e) {
            // Unreadable here (a JWK set, another algorithm): SmallRye JWT reports it itself at first use.
            return null;
        }
    }
}
