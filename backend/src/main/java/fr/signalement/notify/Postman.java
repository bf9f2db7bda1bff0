package fr.signalement.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;

/**
 * Sends e-mails over SMTP (Quarkus Mailer). Blocking: only the {@link OutboxWorker} calls it, for
 * rows of the {@link Outbox}; everything else writes to the outbox.
 */
@ApplicationScoped
public class Postman {
    @Inject
    Mailer mailer;
    @ConfigProperty(name = "signalement.notify.email.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    public boolean enabled() {
        return enabled;
    }

    /**
     * Sends one outbox row; a failure is thrown, for the worker to retry. The Message-ID comes from
     * the row, so a message sent again after a crash is recognisably the same message.
     */
    public void deliver(long outboxId, String to, String subject, String text, String html) {
        Mail mail = Mail.withText(to, subject, text).addHeader("Message-ID", messageId(outboxId));
        if (html != null) {
            mail.setHtml(html);
        }
        mailer.send(mail);
    }

    String messageId(long outboxId) {
        String host;
        try {
            host = URI.create(publicUrl).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        return "<outbox-" + outboxId + "@" + (host == null || host.isBlank() ? "signalement.localhost" : host) + ">";
    }
}
