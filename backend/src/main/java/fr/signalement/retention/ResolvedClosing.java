package fr.signalement.retention;

import fr.signalement.alert.Lifecycle;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A resolved alert that nobody reopened within the reopen window ({@code signalement.reopen.days})
 * is closed by the system, through the lifecycle, so it is final and its reporters' contacts, text
 * and photos become due for retention like any other closed alert's. Without this a resolved
 * alert stayed open to retention forever.
 */
@ApplicationScoped
public class ResolvedClosing {
    private static final Logger LOG = Logger.getLogger(ResolvedClosing.class);

    @Inject
    EntityManager em;
    @Inject
    Lifecycle lifecycle;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;

    /** Closes each due alert in its own transaction; returns how many this run closed. */
    public int run() {
        Instant before = Instant.now().minus(Duration.ofDays(reopenDays));
        List<Long> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(RetentionSql.RESOLVED_BEFORE, Long.class)
                .setParameter("before", before).getResultList());
        int closed = 0;
        for (Long id : due) {
            // The lifecycle locks and checks the alert again: reopened meanwhile, or closed by another process, it is left.
            if (QuarkusTransaction.requiringNew().call(() -> lifecycle.autoClose(id, before))) {
                closed++;
            }
        }
        LOG.infof("Resolved alerts past the %d-day reopen window: %d closed automatically", reopenDays, closed);
        return closed;
    }
}
