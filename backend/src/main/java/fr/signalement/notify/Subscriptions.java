package fr.signalement.notify;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.report.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What staff and reporters choose to receive: the devices pushed to (a staff member's, a reporter's
 * browser following one report) and a reporter's e-mail address, which they may erase at any time.
 */
@ApplicationScoped
public class Subscriptions {
    static final List<String> PLATFORMS = List.of("android", "web");

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    /** A staff member's device; a device changes hands with its sign-in, so the token goes to whoever registered it last. */
    @Transactional
    public void registerStaffDevice(long userId, String token, String platform) {
        String t = PushTokens.valid(token);
        String p = platform == null ? "" : platform.trim().toLowerCase(Locale.ROOT);
        if (!PLATFORMS.contains(p)) {
            throw ProblemException.badRequest("platform", "La plateforme doit être « android » ou « web ».")
                    .with("allowed", PLATFORMS);
        }
        em.createNativeQuery("""
                        INSERT INTO push_device (token, platform, user_id) VALUES (:token, :platform, :user)
                        ON CONFLICT (token) WHERE user_id IS NOT NULL
                        DO UPDATE SET user_id = EXCLUDED.user_id, platform = EXCLUDED.platform, created_at = now()
                        """)
                .setParameter("token", t)
                .setParameter("platform", p)
                .setParameter("user", userId)
                .executeUpdate();
    }

    /** A reporter's browser, to hear of the status changes of this report. */
    @Transactional
    public void registerCitizenDevice(Report report, String token) {
        String t = PushTokens.valid(token);
        em.createNativeQuery("""
                        INSERT INTO push_device (token, platform, report_id) VALUES (:token, 'web', :report)
                        ON CONFLICT (token, report_id) WHERE report_id IS NOT NULL DO UPDATE SET created_at = now()
                        """)
                .setParameter("token", t)
                .setParameter("report", report.id)
                .executeUpdate();
    }

    /** Erases the reporter's e-mail address now (GDPR), audited; erasing twice keeps the first date. */
    @Transactional
    public void eraseContact(Report report) {
        boolean held = report.contactEmail != null;
        em.createNativeQuery("""
                        UPDATE report SET contact_email = NULL, contact_erased_at = coalesce(contact_erased_at, now())
                        WHERE id = :id
                        """)
                .setParameter("id", report.id)
                .executeUpdate();
        // Nor does the outbox keep it: what was still to go, or failed for good, is dropped with its copy.
        em.createNativeQuery("""
                        UPDATE outbox SET status = 'SKIPPED', last_error = 'address erased', done_at = now(),
                                          recipient = NULL, subject = NULL, body_text = NULL, body_html = NULL
                        WHERE report_id = :id AND status IN ('PENDING', 'FAILED')
                        """)
                .setParameter("id", report.id)
                .executeUpdate();
        audit.record(null, "citizen", "report.contact.erase", "report:" + report.id,
                Map.of("contactEmailHeld", held), Map.of("contactEmailHeld", false));
    }
}
