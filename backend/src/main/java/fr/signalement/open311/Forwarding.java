package fr.signalement.open311;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.ForwardedProgress;
import fr.signalement.photo.PhotoLinks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Forwarding an alert to the competent organisation over Open311 (CRPA L.114-2: a request sent to
 * the wrong administration is passed on, and the citizen told). When an alert becomes FORWARDED
 * and the service named in {@code forwardedTo} (or the alert's own service) has an Open311
 * endpoint, a row of {@code open311_forward} is written in the same transaction; this class then,
 * like the outbox, sends it (the category as service_code, the alert's position, the first
 * report's text, its first photo as a signed, time-limited media_url; never the reporter's
 * contact), retrying with backoff while the remote is down, stores the remote service_request_id,
 * and reads the remote status back ({@code GET requests/{id}}, its extended status when the remote
 * gives one) until it is final. Each step goes to the alert's timeline through
 * {@link ForwardedProgress}, where staff and the reporters (follow-up page) read it.
 */
@ApplicationScoped
public class Forwarding {
    private static final Logger LOG = Logger.getLogger(Forwarding.class);
    /** Remote statuses after which nothing more is expected. */
    private static final Set<String> FINAL = Set.of("closed", "fixed", "duplicate", "not_councils_responsibility",
            "no_further_action", "internal_referral");

    @Inject
    EntityManager em;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    PhotoLinks links;
    @Inject
    ForwardedProgress progress;
    @Inject
    Open311Config config;
    @ConfigProperty(name = "signalement.public-url")
    String publicUrl;

    private volatile HttpClient http;

    /** In the transaction of the change: the alert is to be sent if a service with an endpoint is named. */
    void onForwarded(@Observes AlertChanged change) {
        if (change.to() != AlertStatus.FORWARDED) {
            return;
        }
        em.createNativeQuery("""
                INSERT INTO open311_forward (alert_id, service_id, state)
                SELECT a.id, s.id, 'PENDING' FROM alert a
                JOIN service s ON s.open311_endpoint IS NOT NULL
                 AND (lower(s.name) = lower(:to) OR s.id = a.service_id)
                WHERE a.id = :alert
                ORDER BY (lower(s.name) = lower(:to)) DESC LIMIT 1
                ON CONFLICT (alert_id) DO NOTHING""")
                .setParameter("to", change.forwardedTo() == null ? "" : change.forwardedTo().strip())
                .setParameter("alert", change.alertId()).executeUpdate();
    }

    @Scheduled(identity = "open311-forward", every = "{signalement.open311.forward.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            int sent = 0;
            while (sent < 100 && sendOne()) {
                sent++;
            }
            int polled = 0;
            while (polled < 100 && pollOne()) {
                polled++;
            }
        } catch (RuntimeException e) {
            LOG.warn("Open311 forwarding run failed; next run retries", e);
        }
    }

    private static final String DUE_TO_SEND = """
            SELECT f.id, f.alert_id, f.attempts, s.name, s.open311_endpoint, s.open311_api_key, s.open311_jurisdiction,
                   c.code, ST_Y(a.position) AS lat, ST_X(a.position) AS lon,
                   (SELECT r.description FROM report r WHERE r.alert_id = a.id ORDER BY r.received_at, r.id LIMIT 1) AS description,
                   (SELECT CAST(p.public_key AS text) FROM photo p
                     WHERE p.alert_id = a.id AND p.kind = 'REPORT' ORDER BY p.id LIMIT 1) AS photo_key
            FROM open311_forward f
            JOIN alert a ON a.id = f.alert_id
            JOIN service s ON s.id = f.service_id
            JOIN category c ON c.id = a.category_id
            WHERE f.state = 'PENDING' AND f.next_at <= now()
            ORDER BY f.next_at, f.id LIMIT 1
            FOR UPDATE OF f SKIP LOCKED""";

    /** Sends one due row, holding its lock while it is sent; false when none is due. */
    boolean sendOne() {
        long alertId;
        String organisation;
        String remoteId;
        String failure = null;
        boolean gaveUp = false;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(DUE_TO_SEND); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    c.commit();
                    return false;
                }
                long id = rs.getLong("id");
                alertId = rs.getLong("alert_id");
                organisation = rs.getString("name");
                int attempts = rs.getInt("attempts") + 1;
                Map<String, String> form = new LinkedHashMap<>();
                form.put("api_key", rs.getString("open311_api_key"));
                form.put("jurisdiction_id", rs.getString("open311_jurisdiction"));
                form.put("service_code", rs.getString("code"));
                form.put("lat", String.valueOf(rs.getDouble("lat")));
                form.put("long", String.valueOf(rs.getDouble("lon")));
                form.put("description", rs.getString("description"));
                String photoKey = rs.getString("photo_key");
                if (photoKey != null) {
                    // A signed address that expires (photo.link-hours): the other organisation fetches it once.
                    form.put("media_url", base() + links.signed(UUID.fromString(photoKey), false));
                }
                try {
                    remoteId = post(rs.getString("open311_endpoint") + "/requests.json", form);
                    update(c, "UPDATE open311_forward SET state = 'SENT', remote_id = ?, sent_at = now(), attempts = ?, "
                            + "last_error = NULL, next_at = clock_timestamp() + CAST(? AS interval) WHERE id = ?",
                            remoteId, attempts, seconds(config.forward().pollEvery()), id);
                } catch (RemoteFailure e) {
                    remoteId = null;
                    failure = e.getMessage();
                    gaveUp = attempts >= config.forward().maxAttempts();
                    update(c, "UPDATE open311_forward SET state = ?, attempts = ?, last_error = ?, "
                            + "next_at = clock_timestamp() + CAST(? AS interval) WHERE id = ?",
                            gaveUp ? "FAILED" : "PENDING", attempts, failure, seconds(backoff(attempts)), id);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Open311 forwarding failed", e);
        }
        if (remoteId != null) {
            progress.record(alertId, organisation, remoteId, null,
                    "Transmis à " + organisation + " sous le n° " + remoteId + ".");
        } else if (gaveUp) {
            LOG.errorf("Open311 forwarding of alert %d to %s failed for good: %s", alertId, organisation, failure);
            progress.record(alertId, organisation, null, null,
                    "La transmission à " + organisation + " a échoué : " + failure);
        } else {
            LOG.warnf("Open311 forwarding of alert %d to %s failed, will retry: %s", alertId, organisation, failure);
        }
        return true;
    }

    private static final String DUE_TO_POLL = """
            SELECT f.id, f.alert_id, f.remote_id, f.remote_status, s.name, s.open311_endpoint, s.open311_api_key,
                   s.open311_jurisdiction
            FROM open311_forward f JOIN service s ON s.id = f.service_id
            WHERE f.state = 'SENT' AND f.next_at <= now()
            ORDER BY f.next_at, f.id LIMIT 1
            FOR UPDATE OF f SKIP LOCKED""";

    /** Reads the remote status of one sent row; false when none is due. */
    boolean pollOne() {
        long alertId;
        String organisation;
        String remoteId;
        String status = null;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(DUE_TO_POLL); ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    c.commit();
                    return false;
                }
                long id = rs.getLong("id");
                alertId = rs.getLong("alert_id");
                organisation = rs.getString("name");
                remoteId = rs.getString("remote_id");
                String known = rs.getString("remote_status");
                String next = seconds(config.forward().pollEvery());
                try {
                    String now = remoteStatus(rs.getString("open311_endpoint"), remoteId, rs.getString("open311_api_key"),
                            rs.getString("open311_jurisdiction"));
                    if (!now.equals(known)) {
                        status = now;
                    }
                    update(c, "UPDATE open311_forward SET remote_status = ?, polled_at = now(), last_error = NULL, "
                            + "state = ?, next_at = clock_timestamp() + CAST(? AS interval) WHERE id = ?",
                            now, FINAL.contains(now) ? "DONE" : "SENT", next, id);
                } catch (RemoteFailure e) {
                    // The remote is down: asked again at the next poll.
                    update(c, "UPDATE open311_forward SET last_error = ?, next_at = clock_timestamp() + CAST(? AS interval) WHERE id = ?",
                            e.getMessage(), next, id);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Open311 forwarding poll failed", e);
        }
        if (status != null) {
            progress.record(alertId, organisation, remoteId, status,
                    "Chez " + organisation + " (n° " + remoteId + ") : " + words(status) + ".");
        }
        return true;
    }

    /** The French words reporters read for a remote status. */
    static String words(String status) {
        return switch (status) {
            case "open" -> "reçu";
            case "investigating" -> "pris en compte";
            case "action_scheduled" -> "intervention programmée";
            case "in_progress" -> "intervention en cours";
            case "fixed" -> "résolu";
            case "closed" -> "clos";
            case "duplicate" -> "doublon d'un signalement déjà traité";
            case "not_councils_responsibility" -> "ne relève pas de sa compétence";
            case "no_further_action" -> "classé sans suite";
            case "internal_referral" -> "transmis à un autre organisme";
            default -> status;
        };
    }

    /** POSTs a service request; the remote's service_request_id (or, for a deferred one, its token). */
    private String post(String url, Map<String, String> form) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> {
            if (v != null) {
                body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        JsonNode first = answer.path(0);
        String id = first.path("service_request_id").asText("");
        if (id.isBlank()) {
            id = first.path("token").asText("");
        }
        if (id.isBlank()) {
            throw new RemoteFailure("réponse sans service_request_id : " + abbreviate(answer.toString()));
        }
        return id;
    }

    private String remoteStatus(String endpoint, String remoteId, String apiKey, String jurisdiction) {
        StringBuilder url = new StringBuilder(endpoint).append("/requests/")
                .append(URLEncoder.encode(remoteId, StandardCharsets.UTF_8).replace("+", "%20")).append(".json");
        String sep = "?";
        if (jurisdiction != null) {
            url.append(sep).append("jurisdiction_id=").append(URLEncoder.encode(jurisdiction, StandardCharsets.UTF_8));
            sep = "&";
        }
        if (apiKey != null) {
            url.append(sep).append("api_key=").append(URLEncoder.encode(apiKey, StandardCharsets.UTF_8));
        }
        JsonNode request = call(HttpRequest.newBuilder(URI.create(url.toString())).GET()).path(0);
        String extended = request.path("extended_attributes").path("status").asText("");
        String status = extended.isBlank() ? request.path("status").asText("") : extended;
        if (status.isBlank()) {
            throw new RemoteFailure("réponse sans statut : " + abbreviate(request.toString()));
        }
        return status.toLowerCase().replace(' ', '_');
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = client().send(request.timeout(config.forward().timeout()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RemoteFailure("injoignable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " : " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrompu");
        } catch (IllegalArgumentException e) {
            throw new RemoteFailure("adresse invalide : " + e.getMessage());
        }
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (IOException e) {
            throw new RemoteFailure("HTTP " + r.statusCode() + ", réponse illisible : " + abbreviate(r.body()));
        }
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new RemoteFailure("HTTP " + r.statusCode() + " : " + abbreviate(body.path(0).path("description").asText(r.body())));
        }
        return body;
    }

    private HttpClient client() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(config.forward().timeout())
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
            }
        }
        return http;
    }

    private Duration backoff(int attempts) {
        Duration d = config.forward().retryBase().multipliedBy(1L << Math.min(attempts - 1, 20));
        return d.compareTo(config.forward().retryMax()) > 0 ? config.forward().retryMax() : d;
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " seconds";
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private String base() {
        return publicUrl.replaceAll("/+$", "");
    }

    /** Why a call to the other organisation failed, in words staff read. */
    static class RemoteFailure extends RuntimeException {
        RemoteFailure(String message) {
            super(message);
        }
    }
}
