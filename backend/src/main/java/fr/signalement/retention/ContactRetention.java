package fr.signalement.retention;

import fr.signalement.audit.AuditLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GDPR/CNIL retention: a reporter's contact data is kept only while it is useful. A configurable
 * number of days after their alert reached a final state (closed, rejected, forwarded; a resolved
 * alert becomes closed after the reopen window, see {@link ResolvedClosing}), the e-mail address is
 * erased and the report's push tokens are forgotten. Reports and alerts themselves stay,
 * so statistics keep working on the anonymised data. Every run is written to the audit log.
 */
@ApplicationScoped
public class ContactRetention {
    private static final Logger LOG = Logger.getLogger(ContactRetention.class);
    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @ConfigProperty(name = "signalement.retention.contact-days", defaultValue = "90")
    int contactDays;

    /** What one run anonymised. */
    public record Outcome(int emailsErased, int pushTokensForgotten, int contactDays) {
    }

    public Outcome run() {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            int emails = em.createNativeQuery(RetentionSql.ERASE_EMAILS).setParameter("days", contactDays).executeUpdate();
            int tokens = em.createNativeQuery(RetentionSql.FORGET_PUSH_TOKENS).setParameter("days", contactDays).executeUpdate();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("contactDays", contactDays);
            after.put("emailsErased", emails);
            after.put("pushTokensForgotten", tokens);
            audit.record(null, "system", "retention.contact.anonymise", "report", null, after);
            return new Outcome(emails, tokens, contactDays);
        });
        LOG.infof("Contact retention (%d days): %d e-mail address(es) erased, %d push token(s) forgotten",
                outcome.contactDays(), outcome.emailsErased(), outcome.pushTokensForgotten());
        return outcome;
    }
}
