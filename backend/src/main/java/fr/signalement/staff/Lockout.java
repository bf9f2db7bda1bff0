package fr.signalement.staff;

import fr.signalement.common.Row;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.Optional;

/**
 * Counts failed sign-ins and locks the account after {@code max-failures}. Each step is one SQL
 * statement in its own short transaction: the count is incremented by the database under the row
 * lock, so parallel attempts cannot all read the same count (they did, and none ever locked), and no
 * connection is held while the password hash is compared.
 */
@ApplicationScoped
public class Lockout {
    @Inject
    EntityManager em;
    @ConfigProperty(name = "signalement.auth.max-failures", defaultValue = "5")
    int maxFailures;
    @ConfigProperty(name = "signalement.auth.lock-minutes", defaultValue = "15")
    int lockMinutes;

    /** What sign-in needs to know about an account, read before the (slow) password comparison. */
    public record Candidate(long id, String passwordHash, boolean active, boolean locked) {
    }

    /** After a failure: the new count, and whether this very failure locked the account. */
    public record Failure(int failedLogins, boolean justLocked, Instant lockedUntil) {
    }

    public Optional<Candidate> candidate(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Row.first(em.createNativeQuery("""
                        SELECT id, password_hash, active, (locked_until IS NOT NULL AND locked_until > now()) AS locked
                        FROM staff_user WHERE username = :u
                        """, Tuple.class).setParameter("u", username))
                .map(r -> new Candidate(r.number("id"), r.text("password_hash"), r.flag("active"), r.flag("locked"))));
    }

    /**
     * One more failure. A lock that has expired starts a new count; an account already locked keeps
     * its lock (attempts during the lock do not extend it, so an attacker cannot keep it locked forever
     * more cheaply than by trying again after it ends).
     */
    public Failure failed(long userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Row r = Row.list(em.createNativeQuery("""
                            WITH counted AS (
                                SELECT id,
                                       (locked_until IS NOT NULL AND locked_until > now()) AS locked,
                                       CASE WHEN locked_until IS NOT NULL AND locked_until <= now() THEN 1
                                            ELSE failed_logins + 1 END AS failures
                                FROM staff_user WHERE id = :id FOR UPDATE
                            )
                            UPDATE staff_user u SET
                                failed_logins = c.failures,
                                last_failure_at = now(),
                                locked_until = CASE WHEN NOT c.locked AND c.failures >= :max
                                                    THEN now() + make_interval(mins => :lock)
                                                    WHEN c.locked THEN u.locked_until END
                            FROM counted c WHERE u.id = c.id
                            RETURNING u.failed_logins, u.locked_until, (NOT c.locked AND c.failures >= :max) AS just_locked
                            """, Tuple.class)
                    .setParameter("id", userId).setParameter("max", maxFailures).setParameter("lock", lockMinutes))
                    .get(0);
            return new Failure(r.integer("failed_logins"), r.flag("just_locked"), r.instant("locked_until"));
        });
    }

    /**
     * A right password: clears the count unless the account got locked or deactivated in the
     * meantime (a parallel attempt may have locked it after we read it). Runs in the caller's
     * transaction, with the tokens it issues.
     */
    public boolean cleared(long userId) {
        return em.createNativeQuery("""
                        UPDATE staff_user SET failed_logins = 0, locked_until = NULL
                        WHERE id = :id AND active AND (locked_until IS NULL OR locked_until <= now())
                        """)
                .setParameter("id", userId).executeUpdate() == 1;
    }
}
