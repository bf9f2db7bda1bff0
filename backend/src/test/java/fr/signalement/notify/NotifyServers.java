package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The outside world of notifications, in-process and on 127.0.0.1 only: a real SMTP server
 * (GreenMail) and a local HTTP server standing in for FCM and Google's OAuth endpoint, with a
 * freshly generated service account whose {@code token_uri} points at it. Tests get them through
 * fields annotated {@link Mail} and {@link Fcm}.
 */
public class NotifyServers implements QuarkusTestResourceLifecycleManager {
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Mail {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Fcm {
    }

    private GreenMail greenMail;
    private FakeFcm fcm;
    private Path credentials;

    @Override
    public Map<String, String> start() {
        // A fixed port rather than 0: a test may stop the server and start it again where the backend expects it.
        try (ServerSocket free = new ServerSocket(0)) {
            greenMail = new GreenMail(new ServerSetup(free.getLocalPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        greenMail.start();
        try {
            fcm = new FakeFcm();
            credentials = Files.createTempFile("firebase-test-", ".json");
            Files.writeString(credentials, serviceAccount(fcm.baseUrl() + "/token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(greenMail.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.mock", "false",
                "signalement.notify.push.credentials-file", credentials.toString(),
                "signalement.notify.push.fcm-url", fcm.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(greenMail, new TestInjector.AnnotatedAndMatchesType(Mail.class, GreenMail.class));
        injector.injectIntoFields(fcm, new TestInjector.AnnotatedAndMatchesType(Fcm.class, FakeFcm.class));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
        if (fcm != null) {
            fcm.stop();
        }
        if (credentials != null) {
            try {
                Files.deleteIfExists(credentials);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** A service account like the one Firebase's console hands out, with a key made just now. */
    static String serviceAccount(String tokenUri) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair pair = gen.generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\\n"
                    + Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded())
                    + "\\n-----END PRIVATE KEY-----\\n";
            return """
                    {"type": "service_account", "project_id": "signalement-test", "private_key_id": "test-key-1",
                     "private_key": "%s",
                     "client_email": "push@signalement-test.iam.gserviceaccount.com", "client_id": "1",
                     "token_uri": "%s"}
                    """.formatted(pem, tokenUri);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
