package fr.signalement.open311;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.ForwardedProgress;
import fr.signalement.common.Row;
import fr.signalement.photo.PhotoConfig;
import fr.signalement.photo.PhotoLinks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Forwarding an alert to the competent organisation over Open311 (CRPA L.114-2: a request sent to
 * the wrong administration is passed on, and the citizen told). When an alert becomes FORWARDED
 * and the service named in {@code forwardedTo} (or the alert's own service) has an Open311
 * endpoint, a row of {@code open311_forward} is written in the same transaction; this class then,
 * like the outbox, sends it (the category as service_code, the alert's position, the first
 * report's text, its photos as signed, time-limited media_url; never the reporter's
 * contact; the alert's number as {@code attribute[fixmystreet_id]} when the remote's service definition
 * declares it, so that a retry after a lost answer is the same request there, not a second one), retrying with
 * backoff while the remote is down, stores the remote service_request_id
 * (or, when the remote defers the creation and answers with a token, asks {@code GET tokens/{token}}
 * until it gives one, for number-max-wait at most: the token is never taken for the number), and reads the remote status back
 * ({@code GET requests/{id}}, its extended status when the remote gives one) until it is final. A remote that refuses ({@link RemoteAnswer}: a 4xx) is not asked
 * again: the row is FAILED at once, with the remote's words. Each step goes to the alert's timeline
 * through {@link ForwardedProgress}, where staff and the reporters (follow-up page) read it.
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
    ObjectMapper json;
    @Inject
    PhotoLinks links;
    @Inject
    ForwardedProgress progress;
    @Inject
    Open311Config config;
    @Inject
    PhotoConfig photoConfig;
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
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
                   (SELECT string_agg(CAST(p.public_key AS text), ',' ORDER BY p.id) FROM photo p
                     WHERE p.alert_id = a.id AND p.kind = 'REPORT' AND p.public_storage_key IS NOT NULL) AS photo_keys
            FROM open311_forward f
            JOIN alert a ON a.id = f.alert_id
            JOIN service s ON s.id = f.service_id
            JOIN category c ON c.id = a.category_id
            WHERE f.state = 'PENDING' AND f.next_at <= now()
              -- The other organisation gets the anonymised photo (the original never leaves): wait
              -- the seconds it takes while a report photo is still queued for anonymisation.
              AND NOT EXISTS (SELECT 1 FROM photo_anonymisation q JOIN photo p ON p.id = q.photo_id
                              WHERE p.alert_id = a.id AND p.kind = 'REPORT'
                                AND q.attempts < """ + fr.signalement.photo.PhotoAnonymisation.MAX_ATTEMPTS + """
            )
            ORDER BY f.next_at, f.id LIMIT 1
            FOR UPDATE OF f SKIP LOCKED""";

    /** Sends one due row; false when none is due. */
    boolean sendOne() {
        return onDueRow(DUE_TO_SEND, this::send);
    }

    private void send(Row row) {
        long id = row.number("id");
        long alertId = row.number("alert_id");
        String organisation = row.text("name");
        int attempts = row.integer("attempts") + 1;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("api_key", row.text("open311_api_key"));
        form.put("jurisdiction_id", row.text("open311_jurisdiction"));
        form.put("service_code", row.text("code"));
        form.put("lat", String.valueOf(row.decimal("lat")));
        form.put("long", String.valueOf(row.decimal("lon")));
        form.put("description", row.text("description"));
        // Each photo (as many as a report may hold) as a signed address that expires (photo.link-hours): the
        // other organisation fetches it once. media_url repeated, as FixMyStreet sends several.
        List<String> mediaUrls = new ArrayList<>();
        String photoKeys = row.text("photo_keys");
        if (photoKeys != null) {
            for (String key : photoKeys.split(",")) {
                if (mediaUrls.size() < photoConfig.maxPerReport()) {
                    mediaUrls.add(base() + links.signed(UUID.fromString(key), false));
                }
            }
        }
        try {
            if (declaresClientId(row)) {
                form.put(CLIENT_ID_ATTRIBUTE, clientId(alertId));
            }
            Accepted accepted = post(row.text("open311_endpoint") + "/requests.json", form, mediaUrls);
            if (accepted.remoteId() != null) {
                update("UPDATE open311_forward SET state = 'SENT', remote_id = :remote, sent_at = now(), attempts = :n, "
                        + "last_error = NULL, next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                        Map.of("remote", accepted.remoteId(), "n", attempts, "wait", seconds(config.forward().pollEvery()),
                                "id", id));
                numbered(alertId, organisation, accepted.remoteId());
            } else {
                // Deferred: SENT with a token and no number; polling asks tokens/{token} for the number, number-max-wait long.
                update("UPDATE open311_forward SET state = 'SENT', remote_token = :token, sent_at = now(), attempts = :n, "
                        + "awaiting_number_since = now(), last_error = NULL, "
                        + "next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                        Map.of("token", accepted.token(), "n", attempts, "wait", seconds(config.forward().pollEvery()),
                                "id", id));
                progress.record(alertId, organisation, null, null,
                        "Transmis à " + organisation + ", en attente de son numéro.");
            }
        } catch (RemoteAnswer.Refused e) {
            // Sent again, it would be refused again: staff are told now, to fix the category, the key or the endpoint.
            update("UPDATE open311_forward SET state = 'FAILED', attempts = :n, last_error = :error WHERE id = :id",
                    Map.of("n", attempts, "error", e.detail(), "id", id));
            LOG.warnf("Open311 forwarding of alert %d refused by %s, not retried: %s", alertId, organisation, e.detail());
            progress.failed(alertId, organisation, null, "La transmission à " + organisation + " a été refusée : " + e.getMessage());
        } catch (RemoteAnswer.Down e) {
            boolean gaveUp = attempts >= config.forward().maxAttempts();
            update("UPDATE open311_forward SET state = :state, attempts = :n, last_error = :error, "
                    + "next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                    Map.of("state", gaveUp ? "FAILED" : "PENDING", "n", attempts, "error", e.getMessage(),
                            "wait", seconds(atLeast(backoff(attempts), e)), "id", id));
            if (gaveUp) {
                LOG.errorf("Open311 forwarding of alert %d to %s failed for good: %s", alertId, organisation, e.getMessage());
                progress.failed(alertId, organisation, null, "La transmission à " + organisation + " a échoué : " + e.getMessage());
            } else {
                LOG.warnf("Open311 forwarding of alert %d to %s failed, will retry: %s", alertId, organisation, e.getMessage());
            }
        }
    }

    private static final String DUE_TO_POLL = """
            SELECT f.id, f.alert_id, f.remote_id, f.remote_token, f.remote_status, s.name, s.open311_endpoint,
                   s.open311_api_key, s.open311_jurisdiction,
                   -- By the database's clock, as next_at: how long a deferred request has waited for its number.
                   EXTRACT(EPOCH FROM now() - f.awaiting_number_since) AS waited_seconds
            FROM open311_forward f JOIN service s ON s.id = f.service_id
            WHERE f.state = 'SENT' AND f.next_at <= now()
            ORDER BY f.next_at, f.id LIMIT 1
            FOR UPDATE OF f SKIP LOCKED""";

    /** Reads the remote status (or, for a deferred request, the remote number) of one sent row; false when none is due. */
    boolean pollOne() {
        return onDueRow(DUE_TO_POLL, row -> {
            if (row.text("remote_id") == null) {
                askNumber(row);
            } else {
                poll(row);
            }
        });
    }

    private void poll(Row row) {
        long id = row.number("id");
        String remoteId = row.text("remote_id");
        String organisation = row.text("name");
        try {
            String now = remoteStatus(read(row, "requests", remoteId));
            update("UPDATE open311_forward SET remote_status = :status, polled_at = now(), last_error = NULL, "
                    + "state = :state, next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                    Map.of("status", now, "state", FINAL.contains(now) ? "DONE" : "SENT",
                            "wait", seconds(config.forward().pollEvery()), "id", id));
            if (!now.equals(row.text("remote_status"))) {
                progress.record(row.number("alert_id"), organisation, remoteId, now,
                        "Chez " + organisation + " (n° " + remoteId + ") : " + ForwardedProgress.statusWords(now) + ".");
            }
        } catch (RemoteAnswer.Refused e) {
            followUpStopped(id, row.number("alert_id"), organisation, remoteId, e);
        } catch (RemoteAnswer.Down e) {
            pollLater(id, e);
        }
    }

    /**
     * A deferred request (GeoReport v2: POST answered with a token only): asks {@code GET tokens/{token}} for
     * the remote number, on the polling schedule, until the remote created the request. Then the number is
     * kept and told, as for an immediate answer, and the status is polled from the next poll on. Not for
     * ever: a remote still without a number (or down) after number-max-wait stops the follow-up, so that a
     * dispatcher sees it and asks again ("Renvoyer", which asks by the token again, never POSTs twice).
     */
    private void askNumber(Row row) {
        long id = row.number("id");
        long alertId = row.number("alert_id");
        String organisation = row.text("name");
        try {
            String remoteId = numberOf(read(row, "tokens", row.text("remote_token")));
            if (remoteId == null) {
                if (waitedTooLong(row)) {
                    numberNeverCame(id, alertId, organisation, "la demande n'a toujours pas de numéro");
                    return;
                }
                update("UPDATE open311_forward SET polled_at = now(), last_error = NULL, "
                        + "next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                        Map.of("wait", seconds(config.forward().pollEvery()), "id", id));
                return;
            }
            update("UPDATE open311_forward SET remote_id = :remote, polled_at = now(), last_error = NULL, "
                    + "next_at = clock_timestamp() + CAST(:wait AS interval) WHERE id = :id",
                    Map.of("remote", remoteId, "wait", seconds(config.forward().pollEvery()), "id", id));
            numbered(alertId, organisation, remoteId);
        } catch (RemoteAnswer.Refused e) {
            followUpStopped(id, alertId, organisation, null, e);
        } catch (RemoteAnswer.Down e) {
            if (waitedTooLong(row)) {
                numberNeverCame(id, alertId, organisation, "l'organisme ne répond pas (" + e.getMessage() + ")");
            } else {
                pollLater(id, e);
            }
        }
    }

    /** Whether a deferred request has waited number-max-wait or more for its number. */
    private boolean waitedTooLong(Row row) {
        Double waited = row.decimal("waited_seconds");
        return waited != null && waited >= config.forward().numberMaxWait().toSeconds();
    }

    /**
     * A deferred request still without its number after number-max-wait: FAILED (the token kept, for
     * "Renvoyer" to ask by it again), with why in staff's words; the reporter reads the neutral ones.
     */
    private void numberNeverCame(long id, long alertId, String organisation, String why) {
        String words = "aucun numéro après " + inWords(config.forward().numberMaxWait()) + " : " + why;
        stopFollowUp(id, alertId, organisation, null, abbreviate(words), words + ".");
    }

    /**
     * The remote refused to say where a sent request stands: it no longer knows the number (404) or the
     * token, or no longer takes our key. Asking every poll-every would never change that, and staff would
     * never know: the row is FAILED (a dispatcher may have it followed again) and the timeline says why.
     *
     * @param remoteId the remote number, null for a deferred request still waiting for one
     */
    private void followUpStopped(long id, long alertId, String organisation, String remoteId, RemoteAnswer.Refused e) {
        stopFollowUp(id, alertId, organisation, remoteId, e.detail(), e.getMessage());
    }

    /**
     * Stops following a sent request: FAILED, its number or token kept (for "Renvoyer" to ask by it
     * again), {@code error} in last_error and the log, {@code words} in the step staff read.
     */
    private void stopFollowUp(long id, long alertId, String organisation, String remoteId, String error, String words) {
        update("UPDATE open311_forward SET state = 'FAILED', last_error = :error, polled_at = now() WHERE id = :id",
                Map.of("error", error, "id", id));
        String which = remoteId == null ? "en attente de son numéro" : "n° " + remoteId;
        LOG.warnf("Open311 follow-up of alert %d at %s (%s) stopped: %s", alertId, organisation, which, error);
        progress.failed(alertId, organisation, remoteId, "Le suivi chez " + organisation + " (" + which + ") s'arrête : " + words);
    }

    /** The remote number is known: the step staff and reporters read (and clients, in servicerequestupdates). */
    private void numbered(long alertId, String organisation, String remoteId) {
        progress.record(alertId, organisation, remoteId, null, "Transmis à " + organisation + " sous le n° " + remoteId + ".");
    }

    /** The remote is down: asked again at the next poll, or later if it asked so. */
    private void pollLater(long id, RemoteAnswer.Down e) {
        update("UPDATE open311_forward SET last_error = :error, next_at = clock_timestamp() + CAST(:wait AS interval) "
                + "WHERE id = :id", Map.of("error", e.getMessage(),
                        "wait", seconds(atLeast(config.forward().pollEvery(), e)), "id", id));
    }

    /**
     * In a transaction of its own, locks the first row {@code sql} selects (FOR UPDATE SKIP LOCKED, so
     * replicas never take the same row) and hands it to {@code work}, holding the lock while the remote is
     * called: the row's new state and the timeline step are committed together. False when none is due.
     */
    private boolean onDueRow(String sql, Consumer<Row> work) {
        return QuarkusTransaction.requiringNew().timeout(timeoutSeconds()).call(() -> {
            List<Row> due = Row.list(em.createNativeQuery(sql, Tuple.class));
            if (due.isEmpty()) {
                return false;
            }
            work.accept(due.get(0));
            return true;
        });
    }

    private void update(String sql, Map<String, Object> params) {
        var q = em.createNativeQuery(sql);
        params.forEach(q::setParameter);
        q.executeUpdate();
    }

    /** Long enough for the calls to the remote (at most two: the service definition, then the POST) and the writes around them. */
    private int timeoutSeconds() {
        return (int) config.forward().timeout().multipliedBy(2).toSeconds() + 30;
    }

    /**
     * What the remote answered to a POST: its service_request_id, or (GeoReport v2 deferred creation) only a
     * token to ask it by, the remoteId then null.
     */
    record Accepted(String remoteId, String token) {
    }

    /** POSTs a service request. */
    private Accepted post(String url, Map<String, String> form, List<String> mediaUrls) {
        StringJoiner body = new StringJoiner("&");
        form.forEach((k, v) -> {
            if (v != null) {
                body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        for (String mediaUrl : mediaUrls) {
            body.add("media_url=" + URLEncoder.encode(mediaUrl, StandardCharsets.UTF_8));
        }
        JsonNode answer = call(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        JsonNode first = answer.path(0);
        String id = value(first.path("service_request_id"));
        String token = value(first.path("token"));
        if (id == null && token == null) {
            throw new RemoteAnswer.Down("réponse sans service_request_id ni token : " + abbreviate(answer.toString()));
        }
        return new Accepted(id, token);
    }

    /** The attribute the remote recognises a request posted again by (our own intake's, FixMyStreet's id_field). */
    static final String CLIENT_ID_ATTRIBUTE = "attribute[" + Open311Intake.CLIENT_ID + "]";

    /**
     * Our id of the forwarded request, sent as {@link #CLIENT_ID_ATTRIBUTE}: the alert's number, as it never
     * changes across retries nor a dispatcher's "Renvoyer" (one forwarding row per alert), so that a remote
     * which stored a POST whose answer we lost answers the next one with the same request, not a second one.
     */
    static String clientId(long alertId) {
        return String.valueOf(alertId);
    }

    /**
     * Whether the remote's definition of the service ({@code GET services/{code}.json}) declares the
     * client's id. GeoReport v2 attributes come from the service definition, and a strict server refuses
     * one it does not define (mySociety's Open311::Endpoint answers 400, which we would take for a refusal
     * of the alert): like FixMyStreet, the id is sent only to a remote that asks for it. Asked before every
     * POST, not kept: one small GET per attempt (a few a day), and every replica decides from the remote's
     * current answer. A remote that cannot say now (down) is asked again with the POST, later: POSTing
     * without the id when the remote wants it could open a second request. One that refuses (no definition,
     * 404) declares nothing, and the POST tells the real refusal if there is one.
     */
    private boolean declaresClientId(Row row) {
        JsonNode definition;
        try {
            // The specification's GET of a definition takes the jurisdiction only, as the reads below.
            definition = call(HttpRequest.newBuilder(URI.create(remoteUrl(row, "services", row.text("code"), false))).GET());
        } catch (RemoteAnswer.Refused e) {
            return false;
        }
        // The definition is an object; some servers wrap it in a list, or keep XML's attributes/attribute.
        JsonNode attributes = (definition.isArray() ? definition.path(0) : definition).path("attributes");
        if (attributes.has("attribute")) {
            attributes = attributes.path("attribute");
        }
        for (JsonNode attribute : attributes.isArray() ? attributes : List.of(attributes)) {
            if (Open311Intake.CLIENT_ID.equals(attribute.path("code").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The remote number a {@code GET tokens/{token}} answer gives; null while the remote has not created the request. */
    private static String numberOf(JsonNode answer) {
        return value(answer.path(0).path("service_request_id"));
    }

    /** A text or number of an answer; null when absent, null or blank. */
    private static String value(JsonNode node) {
        String v = node.isValueNode() && !node.isNull() ? node.asText().strip() : "";
        return v.isEmpty() ? null : v;
    }

    /**
     * {@code GET {endpoint}/{collection}/{key}.json}: a request's status or a token's number. GeoReport v2
     * reads take the jurisdiction only, and a strict server refuses a parameter it does not take
     * (mySociety's Open311::Endpoint answers 400), so the api_key is not sent; a remote that wants it on
     * reads too (FixMyStreet has a setting, always_send_api_key, for those) refuses the read without it,
     * and is asked once more with it. 404 is an answer (no such request or token), not a want of key.
     */
    private JsonNode read(Row row, String collection, String key) {
        try {
            return call(HttpRequest.newBuilder(URI.create(remoteUrl(row, collection, key, false))).GET());
        } catch (RemoteAnswer.Refused e) {
            if (row.text("open311_api_key") == null || e.status() == 404) {
                throw e;
            }
            return call(HttpRequest.newBuilder(URI.create(remoteUrl(row, collection, key, true))).GET());
        }
    }

    /** {@code {endpoint}/{collection}/{key}.json} with the row's jurisdiction, and its api_key if {@code withKey}. */
    private static String remoteUrl(Row row, String collection, String key, boolean withKey) {
        String apiKey = withKey ? row.text("open311_api_key") : null;
        String jurisdiction = row.text("open311_jurisdiction");
        StringBuilder url = new StringBuilder(row.text("open311_endpoint")).append('/').append(collection).append('/')
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")).append(".json");
        String sep = "?";
        if (jurisdiction != null) {
            url.append(sep).append("jurisdiction_id=").append(URLEncoder.encode(jurisdiction, StandardCharsets.UTF_8));
            sep = "&";
        }
        if (apiKey != null) {
            url.append(sep).append("api_key=").append(URLEncoder.encode(apiKey, StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    private static String remoteStatus(JsonNode answer) {
        JsonNode request = answer.path(0);
        String extended = request.path("extended_attributes").path("status").asText("");
        String status = extended.isBlank() ? request.path("status").asText("") : extended;
        if (status.isBlank()) {
            throw new RemoteAnswer.Down("réponse sans statut : " + abbreviate(request.toString()));
        }
        return status.toLowerCase().replace(' ', '_');
    }

    private JsonNode call(HttpRequest.Builder request) {
        HttpResponse<String> r;
        try {
            r = client().send(request.timeout(config.forward().timeout()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RemoteAnswer.Down("injoignable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " : " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteAnswer.Down("interrompu");
        } catch (IllegalArgumentException e) {
            throw new RemoteAnswer.Down("adresse invalide : " + e.getMessage());
        }
        return RemoteAnswer.read(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null), json,
                Instant.now());
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

    /**
     * {@code planned}, or longer when the remote asked to wait (Retry-After), though never beyond retry-max: a
     * remote asking for days would leave the row silent that long.
     */
    private Duration atLeast(Duration planned, RemoteAnswer.Down e) {
        Duration asked = e.retryAfter();
        if (asked == null || asked.compareTo(planned) <= 0) {
            return planned;
        }
        return asked.compareTo(config.forward().retryMax()) > 0 ? config.forward().retryMax() : asked;
    }

    /** A duration as staff read it: "5 jours", "36 heures", "90 minutes". */
    static String inWords(Duration d) {
        if (d.toHours() >= 24 && d.toHours() % 24 == 0) {
            return d.toDays() + (d.toDays() > 1 ? " jours" : " jour");
        }
        if (d.toMinutes() >= 60 && d.toMinutes() % 60 == 0) {
            return d.toHours() + (d.toHours() > 1 ? " heures" : " heure");
        }
        return Math.max(1, d.toMinutes()) + (d.toMinutes() > 1 ? " minutes" : " minute");
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " seconds";
    }

    private static String abbreviate(String s) {
        return RemoteAnswer.abbreviate(s);
    }

    private String base() {
        return publicUrl.replaceAll("/+$", "");
    }
}
