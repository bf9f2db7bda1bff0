package fr.signalement.notify;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a service's staff about new alerts, as each service chose ({@code service.staff_email_mode}):
 * one e-mail per alert (INSTANT) or one digest a day (DIGEST). Every alert announced is recorded in
 * {@code staff_alert_notice}, so a restart, a retry or a second backend process never announces it
 * twice.
 */
@ApplicationScoped
public class StaffNotices {
    private static final Logger LOG = Logger.getLogger(StaffNotices.class);
    /** Advisory lock namespace of the digest (one digest run per service at a time, across processes). */
    private static final int DIGEST_LOCK = 0x5d16e57;

    @Inject
    fr.signalement.schedule.OncePerSlot once;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    Recipients recipients;
    @Inject
    Letters letters;
    @Inject
    Outbox outbox;
    @ConfigProperty(name = "signalement.notify.digest.lookback-days", defaultValue = "7")
    int lookbackDays;

    /**
     * The instant e-mail about a new alert, if its service wants them: written to the outbox and
     * recorded as announced in the transaction that opened the alert.
     */
    public void instant(long alertId) {
        Recipients.AlertInfo a = recipients.alert(alertId).orElse(null);
        if (a == null || !"INSTANT".equals(a.staffEmailMode()) || a.serviceEmail() == null || a.serviceEmail().isBlank()
                || !outbox.emailEnabled()) {
            return;
        }
        if (outbox.email(Outbox.Email.toStaff(a.serviceEmail(), letters.newAlert(a), "staff-notice")).isPresent()) {
            execute("""
                    INSERT INTO staff_alert_notice (alert_id, service_id, mode) VALUES (?, ?, 'INSTANT')
                    ON CONFLICT (alert_id) DO NOTHING
                    """, alertId, a.serviceId());
        }
    }

    @Scheduled(identity = "staff-digest", cron = "{signalement.notify.digest.cron}",
            timeZone = "{signalement.notify.digest.time-zone}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledDigest(io.quarkus.scheduler.ScheduledExecution execution) {
        // Once across replicas (each digest is also recorded per alert, so a retry sends nothing twice).
        once.run("staff-digest", fr.signalement.schedule.OncePerSlot.slot(execution, null), this::sendDigests);
    }

    /** Sends each DIGEST service the alerts opened since its previous digest; answers how many digests went out. */
    public int sendDigests() {
        if (!outbox.emailEnabled()) {
            return 0;
        }
        int sent = 0;
        for (long serviceId : digestServices()) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> digest(serviceId))) {
                    sent++;
                }
            } catch (RuntimeException e) {
                // Nothing was recorded: the same alerts go in the next digest.
                LOG.errorf(e, "Digest of service %d not sent", serviceId);
            }
        }
        return sent;
    }

    private List<Long> digestServices() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT id FROM service WHERE staff_email_mode = 'DIGEST' AND email IS NOT NULL AND email <> '' ORDER BY id
                     """);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong("id"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the services that want a digest", e);
        }
        return ids;
    }

    /**
     * One service's digest, in one transaction: the alerts are recorded as announced and the e-mail
     * written to the outbox together.
     */
    private boolean digest(long serviceId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?) AS locked")) {
                ps.setInt(1, DIGEST_LOCK);
                ps.setInt(2, (int) serviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean("locked")) {
                        return false; // Another process is sending it right now.
                    }
                }
            }
            String serviceName;
            String serviceEmail;
            try (PreparedStatement ps = c.prepareStatement("SELECT name, email FROM service WHERE id = ? AND staff_email_mode = 'DIGEST'")) {
                ps.setLong(1, serviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    serviceName = rs.getString("name");
                    serviceEmail = rs.getString("email");
                }
            }
            List<Recipients.AlertInfo> alerts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(Recipients.ALERT_SQL + """
                    WHERE a.service_id = ? AND a.created_at > now() - make_interval(days => ?)
                      AND a.merged_into_id IS NULL
                      AND NOT EXISTS (SELECT 1 FROM staff_alert_notice n WHERE n.alert_id = a.id)
                    ORDER BY a.created_at, a.id
                    """)) {
                ps.setLong(1, serviceId);
                ps.setInt(2, lookbackDays);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        alerts.add(Recipients.alertInfo(rs));
                    }
                }
            }
            if (alerts.isEmpty()) {
                return false;
            }
            long digestId;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO staff_digest (service_id, recipient, alert_count) VALUES (?, ?, ?) RETURNING id
                    """)) {
                ps.setLong(1, serviceId);
                ps.setString(2, serviceEmail);
                ps.setInt(3, alerts.size());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    digestId = rs.getLong("id");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO staff_alert_notice (alert_id, service_id, mode, digest_id) VALUES (?, ?, 'DIGEST', ?)
                    """)) {
                for (Recipients.AlertInfo a : alerts) {
                    ps.setLong(1, a.id());
                    ps.setLong(2, serviceId);
                    ps.setLong(3, digestId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            outbox.email(Outbox.Email.toStaff(serviceEmail, letters.digest(serviceName, Instant.now(), alerts), "digest"));
            LOG.infof("Digest of %d new alert(s) written for service %d", alerts.size(), serviceId);
            return true;
        }
    }

    private void execute(String sql, long a, long b) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the staff notice of alert " + a, e);
        }
    }
}
