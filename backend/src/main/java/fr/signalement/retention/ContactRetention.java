package fr.signalement.retention;

import fr.signalement.audit.AuditLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GDPR/CNIL retention: a reporter's contact data is kept only while it is useful. A configurable
 * number of days after their alert reached a final state (closed, rejected, forwarded), the e-mail
 * address is erased and the report's push tokens are forgotten. Reports and alerts themselves stay,
 * so statistics keep working on the anonymised data. Every run is written to the audit log.
 */
@ApplicationScoped
public class ContactRetention {
    private static final Logger LOG = Logger.getLogger(ContactRetention.class);
    /** When the alert became final: {@code closed_at}, else its last transition to a final state. */
    static final String FINAL_ALERTS = """
            SELECT a.id FROM alert a
            WHERE a.status IN ('CLOSED', 'REJECTED', 'FORWARDED')
              AND coalesce(a.closed_at,
                           (SELECT max(e.at) FROM alert_event e
                            WHERE e.alert_id = a.id AND e.type = 'TRANSITION' AND e.to_status = a.status),
                           a.updated_at) < now() - make_interval(days => :days)
            """;

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @ConfigProperty(name = "signalement.retention.contact-days", defaultValue = "90")
    int contactDays;

    /** What one run anonymised. */
    public record Outcome(int emailsErased, int pushTokensForgotten, int contactDays) {
    }

    @Scheduled(identity = "contact-retention", cron = "{signalement.retention.cron}",
            timeZone = "{signalement.notify.digest.time-zone}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run();
    }

    public Outcome run() {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            int emails = em.createNativeQuery("""
                            UPDATE report SET contact_email = NULL, contact_erased_at = now()
                            WHERE contact_email IS NOT NULL AND alert_id IN (""" + FINAL_ALERTS + ")")
                    .setParameter("days", contactDays)
                    .executeUpdate();
            int tokens = em.createNativeQuery("""
                            DELETE FROM push_device WHERE report_id IN (
                                SELECT r.id FROM report r WHERE r.alert_id IN (""" + FINAL_ALERTS + "))")
                    .setParameter("days", contactDays)
                    .executeUpdate();
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
