package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * An SMTP server (GreenMail, 127.0.0.1) that the test starts and stops: the backend is pointed at its
 * port from the start, whether it listens or not. Retries come quickly and the per-address cap is low,
 * so the outbox's retries, give-up and cap show within a test.
 */
public class LateSmtp implements QuarkusTestResourceLifecycleManager {
    static final int CAP = 3;
    static final int MAX_ATTEMPTS = 50;

    /** The switch the tests hold. */
    public static final class Server {
        private final int port;
        private GreenMail greenMail;

        Server(int port) {
            this.port = port;
        }

        public synchronized GreenMail start() {
            if (greenMail == null) {
                greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                greenMail.start();
            }
            return greenMail;
        }

        public synchronized void stop() {
            if (greenMail != null) {
                greenMail.stop();
                greenMail = null;
            }
        }
    }

    private Server server;

    @Override
    public Map<String, String> start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new Server(port);
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", Integer.toString(port),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.mock", "false",
                "signalement.outbox.first-retry", "PT1S",
                "signalement.outbox.max-retry", "PT1S",
                "signalement.outbox.max-attempts", Integer.toString(MAX_ATTEMPTS),
                "signalement.outbox.cap.per-address", Integer.toString(CAP));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.MatchesType(Server.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
