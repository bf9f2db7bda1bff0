package fr.signalement.limit;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Token buckets kept in PostgreSQL ({@code rate_bucket}), so that every replica of the backend
 * counts in the same bucket. Taking a token is one statement: the database refills the bucket for
 * the time elapsed since its last use, takes a token if there is one, and says whether it did, under
 * the row lock, so parallel requests cannot both take the last token.
 *
 * <p>Plain JDBC in autocommit: it runs before the request's own work, outside any transaction,
 * and must not hold a connection longer than this one statement.
 */
@ApplicationScoped
public class RateLimiter {
    // The refill is computed once in a sub-select of the target row (the ON CONFLICT branch sees it
    // under the row lock); time never runs backwards even if a parallel statement started later.
    static final String TAKE = """
            INSERT INTO rate_bucket AS b (bucket, capacity, per_second, tokens, allowed, updated_at)
            VALUES (?, ?, ?, ? - 1, true, now())
            ON CONFLICT (bucket) DO UPDATE SET
                capacity = EXCLUDED.capacity,
                per_second = EXCLUDED.per_second,
                allowed = LEAST(EXCLUDED.capacity, b.tokens
                          + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * EXCLUDED.per_second) >= 1,
                tokens = LEAST(EXCLUDED.capacity, b.tokens
                          + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * EXCLUDED.per_second)
                         - CASE WHEN LEAST(EXCLUDED.capacity, b.tokens
                                     + GREATEST(0, EXTRACT(EPOCH FROM now() - b.updated_at)) * EXCLUDED.per_second) >= 1
                                THEN 1 ELSE 0 END,
                updated_at = GREATEST(b.updated_at, now())
            RETURNING b.allowed, b.tokens
            """;

    /** Buckets that have refilled completely hold no information: forgetting them changes nothing. */
    static final String SWEEP = """
            DELETE FROM rate_bucket
            WHERE updated_at + make_interval(secs => (capacity - tokens) / per_second) < now()
            """;

    @Inject
    fr.signalement.schedule.OncePerSlot once;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "signalement.limits.sweep-every")
    String sweepEvery;
    @Inject
    AgroalDataSource dataSource;

    /** What a bucket said: allowed, or how many seconds until a token is back. */
    public record Decision(boolean allowed, long retryAfterSeconds) {
    }

    public Decision take(RateLimits.Rule rule, String bucket) {
        double perSecond = rule.perMinute() / 60.0;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(TAKE)) {
            c.setAutoCommit(true);
            s.setString(1, bucket);
            s.setDouble(2, rule.capacity());
            s.setDouble(3, perSecond);
            s.setDouble(4, rule.capacity());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getBoolean("allowed")) {
                    return new Decision(true, 0);
                }
                double missing = 1 - r.getDouble("tokens");
                return new Decision(false, Math.max(1, (long) Math.ceil(missing / perSecond)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("rate limit bucket " + bucket, e);
        }
    }

    @Scheduled(every = "{signalement.limits.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void sweep(io.quarkus.scheduler.ScheduledExecution execution) {
        once.run("rate-bucket-sweep", fr.signalement.schedule.OncePerSlot.slot(execution, sweepEvery), () -> {
            try {
                sweep();
            } catch (SQLException e) {
                throw new IllegalStateException("rate bucket sweep", e);
            }
        });
    }

    void sweep() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(SWEEP)) {
            c.setAutoCommit(true);
            s.executeUpdate();
        }
    }
}
