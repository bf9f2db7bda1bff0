package fr.signalement.open311;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Client applications allowed to post Open311 requests, each with its own api_key. A key is 256
 * random bits, shown once when created; only its SHA-256 is stored (a slow password hash adds
 * nothing for a secret of that strength, and every POST checks it). Revoking is immediate.
 */
@ApplicationScoped
public class Open311Clients {
    static final String KEY_PREFIX = "o311_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    public record Client(long id, String name, String contactEmail, String keyPrefix, Instant createdAt, String createdBy,
                         Instant revokedAt, String revokedBy, Instant lastUsedAt, long requestCount) {
    }

    /** A new client and its key, which is never shown again. */
    public record Created(long id, String name, String contactEmail, String keyPrefix, Instant createdAt, String createdBy,
                          String apiKey) {
    }

    /** The application behind a valid, unrevoked key. */
    public record Caller(long id, String name) {
    }

    @Transactional
    public Created create(String name, String contactEmail, Long actorId, String actor) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 200) {
            throw ProblemException.badRequest("name", "Le nom de l'application cliente (« name », 1 à 200 caractères) est obligatoire.");
        }
        String email = contactEmail == null || contactEmail.isBlank() ? null : contactEmail.strip();
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw ProblemException.badRequest("contactEmail", "L'adresse e-mail « " + email + " » n'est pas valide.");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String prefix = key.substring(0, KEY_PREFIX.length() + 6);
        Row row = new Row((Tuple) em.createNativeQuery("""
                        INSERT INTO open311_client (name, contact_email, key_prefix, key_hash, created_by)
                        VALUES (:name, :email, :prefix, :hash, :actor) RETURNING id, created_at""", Tuple.class)
                .setParameter("name", n).setParameter("email", email).setParameter("prefix", prefix)
                .setParameter("hash", hash(key)).setParameter("actor", actor)
                .getSingleResult());
        long id = row.number("id");
        Instant createdAt = row.instant("created_at");
        audit.record(actorId, actor, "open311.client.create", "open311-client:" + id, null,
                Map.of("name", n, "keyPrefix", prefix));
        return new Created(id, n, email, prefix, createdAt, actor, key);
    }

    @Transactional
    public List<Client> list() {
        List<Row> rows = Row.list(em.createNativeQuery("""
                SELECT c.id, c.name, c.contact_email, c.key_prefix, c.created_at, c.created_by, c.revoked_at, c.revoked_by,
                       c.last_used_at, (SELECT count(*) FROM open311_request r WHERE r.client_id = c.id) AS request_count
                FROM open311_client c ORDER BY c.id""", Tuple.class));
        return rows.stream().map(r -> new Client(r.number("id"), r.text("name"), r.text("contact_email"), r.text("key_prefix"),
                r.instant("created_at"), r.text("created_by"), r.instant("revoked_at"), r.text("revoked_by"),
                r.instant("last_used_at"), r.number("request_count"))).toList();
    }

    /** Revokes a client's key now; revoking twice changes nothing. */
    @Transactional
    public void revoke(long id, Long actorId, String actor) {
        int found = ((Number) em.createNativeQuery("SELECT count(*) FROM open311_client WHERE id = :id")
                .setParameter("id", id).getSingleResult()).intValue();
        if (found == 0) {
            throw ProblemException.notFound("Aucune application cliente Open311 n° " + id + ".");
        }
        int changed = em.createNativeQuery("""
                        UPDATE open311_client SET revoked_at = now(), revoked_by = :actor WHERE id = :id AND revoked_at IS NULL""")
                .setParameter("id", id).setParameter("actor", actor).executeUpdate();
        if (changed > 0) {
            audit.record(actorId, actor, "open311.client.revoke", "open311-client:" + id, null, null);
        }
    }

    /** The client holding this key, if the key is valid and not revoked; records its use. */
    @Transactional
    public Optional<Caller> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Optional.empty();
        }
        // Not Row.first: a row limit cannot be appended to an UPDATE … RETURNING.
        return Row.list(em.createNativeQuery("""
                        UPDATE open311_client SET last_used_at = now()
                        WHERE key_hash = :hash AND revoked_at IS NULL RETURNING id, name""", Tuple.class)
                .setParameter("hash", hash(apiKey.strip()))).stream().findFirst()
                .map(r -> new Caller(r.number("id"), r.text("name")));
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
