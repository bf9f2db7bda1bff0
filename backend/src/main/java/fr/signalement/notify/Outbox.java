package fr.signalement.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Every e-mail and push starts here: written as a row of {@code outbox} in the transaction of the
 * change that causes it (so both happen, or neither), and delivered after the commit by the
 * {@link OutboxWorker}. Mail to citizens' addresses is capped per address and period: anyone can
 * type any address into a report, and the commune's SMTP server must not become a mail bomb.
 */
@ApplicationScoped
public class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class);
    /** Advisory lock namespace of the cap's count (one enqueuer per address at a time, across processes). */
    private static final int CAP_LOCK = 0x0b0c_a9;
    /**
     * Advisory lock namespace of a recipient's order, across processes: a retry delay takes it
     * alone, so a new row, written under it shared, sees the delay of the rows before it
     * ({@link #IN_LINE}); new rows do not wait for each other.
     */
    private static final int ORDER_LOCK = 0x0b0c_aa;
    private static final Object WAKE_KEY = new Object();
    private static final ThreadLocal<Boolean> REPLAYING = ThreadLocal.withInitial(() -> false);
    /**
     * A new row's first attempt: now, or when the recipient's last pending row is next tried if that
     * is later. Rows of one recipient go in order (see {@link OutboxWorker}), so a row behind one that
     * waits out a retry delay is not due before it; kept that way, the due rows the worker looks at
     * first are ones it can send, however long a recipient's queue grows while its server is down.
     * The recipient's rows are in {@code id} order and their times never decrease, so the last one is
     * the latest (one index probe). Exact because the row is written under the recipient's order
     * lock, which a retry delay takes alone ({@link #ORDER_LOCK}).
     */
    static final String IN_LINE = """
            greatest(now(), (SELECT l.next_attempt_at FROM outbox l WHERE l.recipient_hash = ? AND l.status = 'PENDING'
                             ORDER BY l.id DESC LIMIT 1))""";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    OutboxWorker worker;
    @Inject
    ObjectMapper json;
    @Inject
    Postman postman;
    @Inject
    PushGateway push;
    @ConfigProperty(name = "signalement.outbox.cap.per-address", defaultValue = "20")
    int capPerAddress;
    @ConfigProperty(name = "signalement.outbox.cap.period", defaultValue = "P1D")
    Duration capPeriod;

    /** An e-mail to write: to whom, what, why; {@code reportId} for a reporter's (sent only while the report keeps the address). */
    public record Email(String to, Letter letter, String purpose, Long reportId, Long messageId, boolean capped) {
        public static Email toReporter(Recipients.Reporter r, Letter letter, String purpose) {
            return new Email(r.email(), letter, purpose, r.reportId(), null, true);
        }

        public static Email toStaff(String address, Letter letter, String purpose) {
            return new Email(address, letter, purpose, null, null, false);
        }

        public Email inMessage(long alertMessageId) {
            return new Email(to, letter, purpose, reportId, alertMessageId, capped);
        }
    }

    /**
     * Runs {@code work} with the notifications it causes on this thread left unwritten: the demo
     * replays weeks of history, which is nobody's news.
     */
    public static void withoutNotifications(Runnable work) {
        REPLAYING.set(true);
        try {
            work.run();
        } finally {
            REPLAYING.remove();
        }
    }

    /** Whether notifications caused on this thread are to be written at all. */
    public boolean writing() {
        return !REPLAYING.get();
    }

    public boolean emailEnabled() {
        return postman.enabled() && writing();
    }

    public boolean pushEnabled() {
        return writing() && push.enabled();
    }

    /**
     * Writes an e-mail in the current transaction; answers its outbox id, or nothing when e-mail is
     * off, the address is blank or over its cap (logged, without the address).
     */
    public Optional<Long> email(Email e) {
        if (!emailEnabled() || e.to() == null || e.to().isBlank()) {
            return Optional.empty();
        }
        String hash = hash(e.to());
        try (Connection c = connection()) {
            lockOrder(c, hash, true);
            if (e.capped() && overCap(c, hash)) {
                LOG.warnf("E-mail cap reached (%d per %s for one address, hash %s…): %s%s not written", capPerAddress,
                        capPeriod, hash.substring(0, 12), e.purpose(), e.reportId() == null ? "" : " of report " + e.reportId());
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO outbox (channel, purpose, recipient, recipient_hash, report_id, alert_message_id, capped,
                                        subject, body_text, body_html, next_attempt_at)
                    VALUES ('EMAIL', ?, ?, ?, ?, ?, ?, ?, ?, ?, %s) RETURNING id
                    """.formatted(IN_LINE))) {
                ps.setString(1, e.purpose());
                ps.setString(2, e.to().strip());
                ps.setString(3, hash);
                ps.setObject(4, e.reportId(), Types.BIGINT);
                ps.setObject(5, e.messageId(), Types.BIGINT);
                ps.setBoolean(6, e.capped());
                ps.setString(7, e.letter().subject);
                ps.setString(8, e.letter().text);
                ps.setString(9, e.letter().html);
                ps.setString(10, hash);
                return Optional.of(inserted(ps));
            }
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot write an e-mail to the outbox", ex);
        }
    }

    /** Writes a push in the current transaction; answers its outbox id, or nothing when push is off. */
    public Optional<Long> push(PushGateway.Push p, String purpose) {
        if (!pushEnabled()) {
            return Optional.empty();
        }
        String hash = hash("push:" + p.token());
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO outbox (channel, purpose, recipient, recipient_hash, push, next_attempt_at)
                     VALUES ('PUSH', ?, ?, ?, ?::jsonb, %s) RETURNING id
                     """.formatted(IN_LINE))) {
            lockOrder(c, hash, true);
            ps.setString(1, purpose);
            ps.setString(2, p.token());
            ps.setString(3, hash);
            ps.setString(4, json.writeValueAsString(p));
            ps.setString(5, hash);
            return Optional.of(inserted(ps));
        } catch (SQLException | JsonProcessingException ex) {
            throw new IllegalStateException("Cannot write a push to the outbox", ex);
        }
    }

    /**
     * The transaction's own connection (the EntityManager's too): a row written outside a
     * transaction could be delivered for a change that never happened.
     */
    private Connection connection() throws SQLException {
        if (!QuarkusTransaction.isActive()) {
            throw new IllegalStateException("The outbox is written in the transaction of the change that causes the message");
        }
        wakeWorkerAfterCommit();
        return dataSource.getConnection();
    }

    /** Takes the recipient's order lock, shared or alone, until the end of the transaction ({@link #ORDER_LOCK}). */
    static void lockOrder(Connection c, String hash, boolean shared) throws SQLException {
        lock(c, ORDER_LOCK, hash, shared);
    }

    /** An advisory lock on a recipient in one namespace, held until the end of the transaction. */
    private static void lock(Connection c, int namespace, String hash, boolean shared) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(shared ? "SELECT pg_advisory_xact_lock_shared(?, hashtext(?))"
                : "SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, namespace);
            ps.setString(2, hash);
            ps.execute();
        }
    }

    private boolean overCap(Connection c, String hash) throws SQLException {
        lock(c, CAP_LOCK, hash, false);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) AS n FROM outbox
                WHERE recipient_hash = ? AND capped AND created_at > now() - make_interval(secs => ?) AND status <> 'SKIPPED'
                """)) {
            ps.setString(1, hash);
            ps.setLong(2, capPeriod.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong("n") >= capPerAddress;
            }
        }
    }

    private void wakeWorkerAfterCommit() {
        if (transactions.getResource(WAKE_KEY) != null) {
            return;
        }
        transactions.putResource(WAKE_KEY, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    worker.wake();
                }
            }
        });
    }

    private static long inserted(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong("id");
        }
    }

    /** The recipient as the outbox keeps it for ordering and the cap: hashed, case and spaces aside. */
    static String hash(String recipient) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(recipient.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
