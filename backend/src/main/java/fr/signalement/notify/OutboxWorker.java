package fr.signalement.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers the {@link Outbox}: a few threads poll the table (and are woken as soon as a transaction
 * that wrote to it commits), each taking one due row at a time with {@code FOR UPDATE SKIP LOCKED}
 * and holding its lock while it sends, so several backend processes share the work and a row is
 * never sent by two at once. A row is taken only when no earlier row to the same recipient is still
 * pending: a reporter never reads "resolved" before "assigned". A row is never due before an
 * earlier row of its recipient ({@link Outbox#IN_LINE}, and a retry delay moves the rows behind it),
 * so the worker need only look at the first few due rows: a backlog of thousands behind a mail
 * server that is down costs each look a few index probes, not a scan of the backlog (which had
 * become most of the database's work under load). A crash between sending and
 * recording leaves the row pending: it is sent again (at least once), with the same Message-ID.
 * Failures are retried with exponential backoff, up to a number of attempts; then the row stays
 * FAILED, logged, for an administrator to look at.
 */
@ApplicationScoped
public class OutboxWorker {
    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);
    private static final int MAX_ERROR = 500;
    /** How many of the first due rows a look considers. */
    static final int LOOK_AHEAD = 32;

    @Inject
    fr.signalement.schedule.OncePerSlot once;
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "signalement.outbox.purge-every")
    String purgeEvery;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Postman postman;
    @Inject
    PushGateway push;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "signalement.outbox.threads", defaultValue = "2")
    int threads;
    @ConfigProperty(name = "signalement.outbox.poll-interval", defaultValue = "PT5S")
    Duration pollInterval;
    @ConfigProperty(name = "signalement.outbox.max-attempts", defaultValue = "10")
    int maxAttempts;
    @ConfigProperty(name = "signalement.outbox.first-retry", defaultValue = "PT30S")
    Duration firstRetry;
    @ConfigProperty(name = "signalement.outbox.max-retry", defaultValue = "PT2H")
    Duration maxRetry;
    @ConfigProperty(name = "signalement.outbox.keep-days", defaultValue = "30")
    int keepDays;

    private final Object monitor = new Object();
    private long wakeups;
    private volatile boolean running;
    private final List<Thread> workers = new ArrayList<>();

    /** A row taken for delivery. */
    record Taken(long id, String channel, String purpose, String recipient, String recipientHash, String subject,
                 String text, String html, String push, int attempts, boolean addressErased) {
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        for (int i = 1; i <= Math.max(1, threads); i++) {
            Thread t = new Thread(this::run, "outbox-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A transaction that wrote to the outbox committed: look now rather than at the next poll. One
     * idle worker is woken, not all: each commit would otherwise cost a look per thread, all but
     * one finding nothing. A worker that delivers a row looks again at once, and a burst of commits
     * wakes one worker each.
     */
    public void wake() {
        synchronized (monitor) {
            wakeups++;
            monitor.notify();
        }
    }

    private void run() {
        while (running) {
            long seen;
            synchronized (monitor) {
                seen = wakeups;
            }
            boolean idle;
            try {
                idle = !deliverOne();
            } catch (RuntimeException | SQLException e) {
                // The database is down or restarting: nothing is lost, the rows wait in the table.
                LOG.warnf("Outbox delivery paused: %s", e.toString());
                idle = true;
            }
            if (idle) {
                synchronized (monitor) {
                    if (running && wakeups == seen) {
                        try {
                            monitor.wait(pollInterval.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }

    /** Takes one due row, delivers it and records the outcome, in one transaction; false if none was due. */
    boolean deliverOne() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Taken row = take(c);
                if (row == null) {
                    c.commit();
                    return false;
                }
                record(c, row, deliver(row));
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone: so is the lock, the row stays pending
                }
                throw e;
            }
        }
    }

    private Taken take(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT o.id, o.channel, o.purpose, o.recipient, o.recipient_hash, o.subject, o.body_text, o.body_html,
                       o.push::text AS push, o.attempts,
                       o.capped AND NOT EXISTS (SELECT 1 FROM report r WHERE r.id = o.report_id
                                                  AND r.contact_email = o.recipient AND r.contact_erased_at IS NULL)
                           AS address_erased
                FROM outbox o
                WHERE o.id = ANY (ARRAY(SELECT d.id FROM outbox d WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
                                        ORDER BY d.next_attempt_at, d.id LIMIT ?))
                  AND o.status NOT IN ('SENT', 'FAILED', 'SKIPPED')
                  AND NOT EXISTS (SELECT 1 FROM outbox e
                                  WHERE e.recipient_hash = o.recipient_hash AND e.status = 'PENDING' AND e.id < o.id)
                ORDER BY o.next_attempt_at, o.id
                LIMIT 1
                FOR UPDATE OF o SKIP LOCKED
                """)) {
            // The first due rows' ids are taken first (an array), then those rows by primary key: as a
            // join, stale statistics made the planner read every due row to hash-join 32 (17 ms at
            // 5,400). The status is re-checked once the row is locked (another worker may just have
            // sent it), written so that it matches no partial index: "= 'PENDING'" let the planner
            // read the whole due index again. Its due time is not: a row another worker has just
            // failed may be tried once more at once, which is harmless.
            // A due row waits only behind an earlier row that another worker is sending at this moment:
            // if all the rows looked at wait, this worker looks again when woken or at its next poll.
            ps.setInt(1, LOOK_AHEAD);
            try (ResultSet rs = ps.executeQuery()) {
                return taken(rs);
            }
        }
    }

    private static Taken taken(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        return new Taken(rs.getLong("id"), rs.getString("channel"), rs.getString("purpose"), rs.getString("recipient"),
                rs.getString("recipient_hash"), rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html"),
                rs.getString("push"), rs.getInt("attempts"), rs.getBoolean("address_erased"));
    }

    /** What became of one attempt. */
    private record Outcome(String status, String error) {
        static final Outcome SENT = new Outcome("SENT", null);

        static Outcome skipped(String why) {
            return new Outcome("SKIPPED", why);
        }

        static Outcome retry(String error) {
            return new Outcome("RETRY", error);
        }
    }

    private Outcome deliver(Taken row) {
        if (row.addressErased()) {
            return Outcome.skipped("address erased before delivery");
        }
        if ("EMAIL".equals(row.channel())) {
            if (!postman.enabled()) {
                return Outcome.skipped("e-mail turned off");
            }
            try {
                postman.deliver(row.id(), row.recipient(), row.subject(), row.text(), row.html());
                return Outcome.SENT;
            } catch (RuntimeException e) {
                return Outcome.retry(e.toString());
            }
        }
        PushGateway.Push p;
        try {
            p = json.readValue(row.push(), PushGateway.Push.class);
        } catch (Exception e) {
            return Outcome.skipped("unreadable push: " + e);
        }
        return switch (push.send(p, "outbox-" + row.id())) {
            case SENT -> Outcome.SENT;
            case DROPPED -> Outcome.skipped("push off, or token no longer registered");
            case RETRY -> Outcome.retry("FCM did not accept it");
        };
    }

    private void record(Connection c, Taken row, Outcome o) throws SQLException {
        int attempts = row.attempts() + 1;
        if ("RETRY".equals(o.status()) && attempts < maxAttempts) {
            long delay = Math.min(maxRetry.toMillis(), firstRetry.toMillis() << Math.min(attempts - 1, 30));
            // Under the recipient's order lock, alone: a row being written for it meanwhile is moved too, or sees the delay.
            Outbox.lockOrder(c, row.recipientHash(), false);
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH retried AS (
                        UPDATE outbox SET attempts = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?)
                        WHERE id = ? RETURNING id, recipient_hash, next_attempt_at)
                    UPDATE outbox behind SET next_attempt_at = r.next_attempt_at
                    FROM retried r
                    WHERE behind.recipient_hash = r.recipient_hash AND behind.status = 'PENDING' AND behind.id > r.id
                      AND behind.next_attempt_at < r.next_attempt_at
                    """)) {
                // The rows behind it wait as long: none is due before it (Outbox.IN_LINE).
                ps.setInt(1, attempts);
                ps.setString(2, truncate(o.error()));
                ps.setDouble(3, delay / 1000.0);
                ps.setLong(4, row.id());
                ps.executeUpdate();
            }
            LOG.infof("Outbox %d (%s) not delivered, attempt %d of %d; next in %d s", row.id(), row.purpose(), attempts,
                    maxAttempts, delay / 1000);
            return;
        }
        boolean failed = "RETRY".equals(o.status());
        // Sent or skipped: the address and content go; a failed row keeps them for an administrator.
        try (PreparedStatement ps = c.prepareStatement(failed ? """
                UPDATE outbox SET status = 'FAILED', attempts = ?, last_error = ?, done_at = now() WHERE id = ?
                """ : """
                UPDATE outbox SET status = ?, attempts = ?, last_error = ?, done_at = now(),
                                  recipient = NULL, subject = NULL, body_text = NULL, body_html = NULL, push = NULL
                WHERE id = ?
                """)) {
            int i = 1;
            if (!failed) {
                ps.setString(i++, o.status());
            }
            ps.setInt(i++, attempts);
            ps.setString(i++, truncate(o.error()));
            ps.setLong(i, row.id());
            ps.executeUpdate();
        }
        if (failed) {
            LOG.errorf("Outbox %d (%s, %s) FAILED for good after %d attempts: %s", row.id(), row.channel(), row.purpose(),
                    attempts, o.error() == null ? "" : o.error().replaceAll("[^\\s<>@]+@[^\\s<>]+", "<address>"));
        } else if ("SKIPPED".equals(o.status())) {
            LOG.infof("Outbox %d (%s) skipped: %s", row.id(), row.purpose(), o.error());
        } else {
            LOG.debugf("Outbox %d (%s) delivered", row.id(), row.purpose());
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }

    /** Final rows are kept a while (the per-address cap counts them, admins read them), then deleted. */
    @Scheduled(identity = "outbox-purge", every = "{signalement.outbox.purge-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge(io.quarkus.scheduler.ScheduledExecution execution) {
        once.run("outbox-purge", fr.signalement.schedule.OncePerSlot.slot(execution, purgeEvery), this::purge);
    }

    void purge() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     DELETE FROM outbox WHERE status <> 'PENDING' AND done_at < now() - make_interval(days => ?)
                     """)) {
            ps.setInt(1, keepDays);
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.infof("Outbox: %d delivered or failed row(s) older than %d days deleted", n, keepDays);
            }
        } catch (SQLException e) {
            LOG.warnf("Outbox purge not done: %s", e.toString());
        }
    }
}
