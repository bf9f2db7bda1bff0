package fr.signalement.schedule;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * Scheduled work runs once across backend replicas. Every replica's scheduler fires each job; a
 * firing claims its slot (the scheduled time: a cron job's exact second, an interval job's window,
 * the same on every replica however their clocks started) with one INSERT, and only the replica
 * whose INSERT went in runs the job. A run that fails gives its claim back, so a replica firing
 * later in the same slot retries it; a claim left by a replica killed mid-run is taken over after
 * {@code signalement.schedule.lease}. Every job is idempotent as well, so a retry never does harm.
 */
@ApplicationScoped
public class OncePerSlot {
    private static final Logger LOG = Logger.getLogger(OncePerSlot.class);
    /** This process, in the claims: the host and the process id. */
    public static final String OWNER = host() + ":" + ProcessHandle.current().pid();

    @Inject
    AgroalDataSource db;
    @ConfigProperty(name = "signalement.schedule.lease", defaultValue = "PT1H")
    Duration lease;
    @ConfigProperty(name = "signalement.schedule.keep-days", defaultValue = "30")
    int keepDays;

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The slot of a firing: an interval job's window ({@code every}, as configured), or a cron job's second (every null). */
    public static Instant slot(ScheduledExecution execution, String every) {
        Instant at = execution.getScheduledFireTime();
        if (every == null) {
            return at.truncatedTo(ChronoUnit.SECONDS);
        }
        long window = DurationConverter.parseDuration(every).toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), window) * window);
    }

    /** Runs {@code work} for this slot unless another replica has (or is running) it; answers whether it ran here. */
    public boolean run(String job, Instant slot, Runnable work) {
        return call(job, slot, () -> {
            work.run();
            return Boolean.TRUE;
        }) != null;
    }

    /** As {@link #run(String, Instant, Runnable)}, with the work's result; null when another replica has the slot. */
    public <T> T call(String job, Instant slot, Supplier<T> work) {
        if (!claim(job, slot)) {
            LOG.debugf("Scheduled %s for %s: another replica has it", job, slot);
            return null;
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            update(ScheduleSql.GIVE_BACK, job, slot);
            throw e;
        }
        update(ScheduleSql.FINISHED, job, slot);
        LOG.infof("Scheduled %s ran for slot %s on %s", job, slot, OWNER);
        return result;
    }

    private boolean claim(String job, Instant slot) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(ScheduleSql.CLAIM)) {
            ps.setString(1, job);
            ps.setTimestamp(2, Timestamp.from(slot));
            ps.setString(3, OWNER);
            ps.setDouble(4, lease.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            // Without the database the job could not do anything anyway; the next slot tries again.
            throw new IllegalStateException("Cannot claim scheduled " + job + " for " + slot, e);
        }
    }

    private void update(String sql, String job, Instant slot) {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, job);
                ps.setTimestamp(2, Timestamp.from(slot));
                ps.setString(3, OWNER);
                ps.executeUpdate();
            }
            if (sql.equals(ScheduleSql.FINISHED)) {
                try (PreparedStatement ps = c.prepareStatement(ScheduleSql.FORGET_OLD)) {
                    ps.setString(1, job);
                    ps.setInt(2, keepDays);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            // A finished run left unmarked is only taken over after the lease; the jobs are idempotent.
            LOG.warnf("Scheduled %s for %s: claim not updated: %s", job, slot, e.toString());
        }
    }
}
