package fr.signalement.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Sends e-mails over SMTP (Quarkus Mailer). Blocking: call it from a worker or the notification thread. */
@ApplicationScoped
public class Postman {
    private static final Logger LOG = Logger.getLogger(Postman.class);

    @Inject
    Mailer mailer;
    @ConfigProperty(name = "signalement.notify.email.enabled", defaultValue = "true")
    boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    /**
     * Sends one letter; failures are logged (without the address) and answered {@code false}, so one
     * bad address or a mail server hiccup never stops the other recipients.
     */
    public boolean send(String to, Letter letter, String what) {
        if (!enabled) {
            return false;
        }
        try {
            mailer.send(Mail.withText(to, letter.subject, letter.text).setHtml(letter.html));
            LOG.debugf("E-mail sent: %s", what);
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("E-mail not sent (%s): %s", what, e.toString());
            return false;
        }
    }

    /** Like {@link #send} but lets the failure through, for callers that must not record a send that failed. */
    public void sendOrThrow(String to, Letter letter) {
        mailer.send(Mail.withText(to, letter.subject, letter.text).setHtml(letter.html));
    }
}
