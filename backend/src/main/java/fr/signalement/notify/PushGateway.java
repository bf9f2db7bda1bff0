package fr.signalement.notify;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.WebpushConfig;
import com.google.firebase.messaging.WebpushNotification;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Push through Firebase Cloud Messaging (HTTP v1) with the Firebase Admin SDK. Disabled unless a
 * service account is configured. The FCM base URL is configurable: requests the SDK addresses to
 * {@code https://fcm.googleapis.com} are sent there instead (a proxy, or a local server in tests),
 * and the OAuth token endpoint is the service account's own {@code token_uri}.
 */
@ApplicationScoped
public class PushGateway {
    private static final Logger LOG = Logger.getLogger(PushGateway.class);
    static final String FCM_BASE = "https://fcm.googleapis.com";

    @ConfigProperty(name = "signalement.notify.push.credentials-file")
    Optional<String> credentialsFile;
    @ConfigProperty(name = "signalement.notify.push.credentials-json")
    Optional<String> credentialsJson;
    @ConfigProperty(name = "signalement.notify.push.fcm-url", defaultValue = FCM_BASE)
    String fcmUrl;
    @ConfigProperty(name = "signalement.notify.push.timeout-ms", defaultValue = "10000")
    int timeoutMs;
    @Inject
    Recipients recipients;

    private final Object lock = new Object();
    private volatile boolean initialised;
    private volatile FirebaseMessaging messaging;
    private FirebaseApp app;

    /** One push: to one device token, with a title, a body and data for the app. */
    public record Push(String token, String title, String body, Map<String, String> data, boolean web) {
    }

    public boolean enabled() {
        return messaging() != null;
    }

    /** What became of a push: sent, never to be sent (push off, token gone), or to try again later. */
    public enum Delivery { SENT, DROPPED, RETRY }

    /**
     * Sends one push of the outbox. {@code messageId} (the outbox row's) goes in the data and as the
     * collapse key, so a push sent twice after a crash shows once. A token FCM no longer knows is
     * forgotten; other failures are for the worker to retry.
     */
    public Delivery send(Push push, String messageId) {
        FirebaseMessaging fcm = messaging();
        if (fcm == null) {
            return Delivery.DROPPED;
        }
        Message.Builder m = Message.builder()
                .setToken(push.token())
                .setNotification(Notification.builder().setTitle(push.title()).setBody(push.body()).build())
                .putAllData(push.data())
                .putData("messageId", messageId);
        if (push.web()) {
            m.setWebpushConfig(WebpushConfig.builder()
                    .putHeader("Topic", messageId)
                    .setNotification(WebpushNotification.builder().setTitle(push.title()).setBody(push.body())
                            .setLanguage("fr").setTag(messageId).build())
                    .build());
        } else {
            m.setAndroidConfig(AndroidConfig.builder().setPriority(AndroidConfig.Priority.HIGH)
                    .setCollapseKey(messageId).build());
        }
        try {
            fcm.send(m.build());
            return Delivery.SENT;
        } catch (FirebaseMessagingException e) {
            MessagingErrorCode code = e.getMessagingErrorCode();
            if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.SENDER_ID_MISMATCH) {
                LOG.infof("Push token no longer registered (%s): forgotten", code);
                recipients.forgetDevice(push.token());
                return Delivery.DROPPED;
            }
            if (code == MessagingErrorCode.INVALID_ARGUMENT) {
                LOG.warnf("Push %s refused by FCM: %s", messageId, e.getMessage());
                return Delivery.DROPPED;
            }
            LOG.warnf("Push %s not sent, to retry: %s %s", messageId, code, e.getMessage());
            return Delivery.RETRY;
        } catch (RuntimeException e) {
            LOG.warnf("Push %s not sent, to retry: %s", messageId, e.toString());
            return Delivery.RETRY;
        }
    }

    private FirebaseMessaging messaging() {
        if (!initialised) {
            synchronized (lock) {
                if (!initialised) {
                    messaging = start();
                    initialised = true;
                }
            }
        }
        return messaging;
    }

    private FirebaseMessaging start() {
        Optional<String> json = credentialsJson.filter(s -> !s.isBlank());
        Optional<String> file = credentialsFile.filter(s -> !s.isBlank());
        if (json.isEmpty() && file.isEmpty()) {
            LOG.info("Push notifications disabled: no Firebase service account configured "
                    + "(signalement.notify.push.credentials-file or signalement.notify.push.credentials-json)");
            return null;
        }
        try {
            HttpTransport transport = transport(fcmUrl);
            GoogleCredentials credentials;
            try (InputStream in = json.isPresent()
                    ? new ByteArrayInputStream(json.get().getBytes(StandardCharsets.UTF_8))
                    : Files.newInputStream(Path.of(file.get()))) {
                credentials = GoogleCredentials.fromStream(in, () -> transport);
            }
            FirebaseOptions options = FirebaseOptions.builder()
                    .setCredentials(credentials)
                    .setHttpTransport(transport)
                    .setConnectTimeout(timeoutMs)
                    .setReadTimeout(timeoutMs)
                    .build();
            app = FirebaseApp.initializeApp(options, "signalement-push-" + System.identityHashCode(this));
            LOG.infof("Push notifications enabled (FCM HTTP v1 at %s, project %s)", fcmUrl, options.getProjectId());
            return FirebaseMessaging.getInstance(app);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.errorf("Push notifications disabled: the Firebase service account cannot be used (%s)", e.toString());
            return null;
        }
    }

    /** An HTTP transport that sends what the SDK addresses to FCM to the configured base URL instead. */
    static HttpTransport transport(String fcmUrl) {
        String base = fcmUrl.replaceAll("/+$", "");
        if (base.equals(FCM_BASE)) {
            return new NetHttpTransport();
        }
        return new NetHttpTransport.Builder().setConnectionFactory(url -> {
            String u = url.toString();
            URL target = u.startsWith(FCM_BASE + "/") ? URI.create(base + u.substring(FCM_BASE.length())).toURL() : url;
            return (HttpURLConnection) target.openConnection();
        }).build();
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (lock) {
            if (app != null) {
                app.delete();
                app = null;
            }
        }
    }
}
