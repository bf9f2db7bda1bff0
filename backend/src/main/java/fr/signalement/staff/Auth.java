package fr.signalement.staff;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.Set;

/**
 * Staff sign-in: short-lived RS256 access tokens and revocable refresh tokens (stored hashed,
 * rotated at each use, grouped in a session family). Repeated failures lock the account for a while
 * ({@link Lockout}); callers are slowed down by the rate limits, not by sleeping here.
 *
 * <p>An unknown username, a wrong password, a deactivated and a locked account get the same answer
 * after the same work (one bcrypt comparison), so the answer tells nothing about which accounts exist.
 */
@ApplicationScoped
public class Auth {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Compared against when there is no hash to compare with, so timing does not reveal which accounts exist.
    private static final String DUMMY_HASH = Accounts.hash("not-a-password-" + RANDOM.nextLong());

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @Inject
    Lockout lockout;
    @ConfigProperty(name = "signalement.auth.access-token-minutes", defaultValue = "15")
    int accessMinutes;
    @ConfigProperty(name = "signalement.auth.refresh-token-hours", defaultValue = "12")
    int refreshHours;

    public record UserView(long id, String username, String displayName, List<String> roles, Long teamId,
                           List<Long> serviceIds) {
    }

    public record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType, UserView user) {
    }

    /** Not transactional: the password comparison runs without holding a connection. */
    public Tokens login(String username, String password) {
        if (username == null || username.isBlank()) {
            throw ProblemException.badRequest("username", "L'identifiant est obligatoire.");
        }
        if (password == null || password.isEmpty()) {
            throw ProblemException.badRequest("password", "Le mot de passe est obligatoire.");
        }
        Lockout.Candidate who = lockout.candidate(normalized(username)).orElse(null);
        String hash = who == null || who.passwordHash() == null ? DUMMY_HASH : who.passwordHash();
        boolean matches = Accounts.matches(password, hash);
        if (who == null || !who.active() || who.locked()) {
            throw refused();
        }
        if (!matches) {
            Lockout.Failure f = lockout.failed(who.id());
            if (f.justLocked()) {
                QuarkusTransaction.requiringNew().run(() -> audit.record(who.id(), normalized(username), "auth.locked",
                        "user:" + who.id(), null, Map.of("failedLogins", f.failedLogins(), "lockedUntil", String.valueOf(f.lockedUntil()))));
            }
            throw refused();
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!lockout.cleared(who.id())) {
                throw refused();
            }
            StaffUser user = StaffUser.findById(who.id());
            audit.record(user.id, user.username, "auth.login", "user:" + user.id, null, null);
            return issue(user, UUID.randomUUID());
        });
    }

    /** Usernames are stored lower-case; what people type is trimmed and folded the same way. */
    public static String normalized(String username) {
        return username == null ? null : username.trim().toLowerCase(Locale.ROOT);
    }

    /** The one answer to every refused sign-in. */
    static ProblemException refused() {
        return new ProblemException(401, "Identification refusée", "Identifiant ou mot de passe incorrect.", null);
    }

    /**
     * Rotates a refresh token. A token that was already rotated and comes back was copied: the whole
     * session it belongs to is revoked (both holders must sign in again), and the reuse is audited.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.badRequest("refreshToken", "Le jeton de renouvellement est obligatoire.");
        }
        String hash = sha256(refreshToken);
        Row row = Row.list(em.createNativeQuery("""
                        UPDATE refresh_token SET revoked_at = now(), revoked_reason = 'rotated'
                        WHERE token_hash = :h AND revoked_at IS NULL AND expires_at > now()
                        RETURNING user_id, family_id
                        """, Tuple.class)
                .setParameter("h", hash)).stream().findFirst().orElse(null);
        if (row == null) {
            Row reused = Row.first(em.createNativeQuery("""
                            SELECT user_id, family_id FROM refresh_token WHERE token_hash = :h AND revoked_reason = 'rotated'
                            """, Tuple.class).setParameter("h", hash)).orElse(null);
            if (reused != null) {
                int revoked = revokeFamily((UUID) reused.get("family_id"), "reuse");
                audit.record(reused.number("user_id"), "user:" + reused.number("user_id"), "auth.refresh-reuse",
                        "user:" + reused.number("user_id"), null, Map.of("revokedTokens", revoked));
            }
            throw new ProblemException(401, "Session expirée", "Le jeton de renouvellement est invalide, expiré ou révoqué.", "refreshToken");
        }
        StaffUser user = StaffUser.findById(row.number("user_id"));
        if (user == null || !user.active) {
            throw new ProblemException(401, "Session expirée", "Ce compte est désactivé.", "refreshToken");
        }
        return issue(user, (UUID) row.get("family_id"));
    }

    /** Ends the session the token belongs to: its refresh tokens and, through the {@code sid} claim, its access tokens. */
    @Transactional
    public void logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.badRequest("refreshToken", "Le jeton de renouvellement est obligatoire.");
        }
        Row.first(em.createNativeQuery("SELECT family_id FROM refresh_token WHERE token_hash = :h", Tuple.class)
                        .setParameter("h", sha256(refreshToken)))
                .ifPresent(r -> revokeFamily((UUID) r.get("family_id"), "logout"));
    }

    private int revokeFamily(UUID family, String reason) {
        // Every token of the family gets the reason, rotated ones included: AccountCheck reads it to
        // refuse the session's access tokens too.
        return em.createNativeQuery("""
                        UPDATE refresh_token SET revoked_at = coalesce(revoked_at, now()), revoked_reason = :r
                        WHERE family_id = :f AND revoked_reason IS DISTINCT FROM 'reuse'
                        """)
                .setParameter("f", family).setParameter("r", reason).executeUpdate();
    }

    private Tokens issue(StaffUser user, UUID family) {
        Set<String> groups = new HashSet<>(List.of(user.roles));
        long expiresIn = accessMinutes * 60L;
        var builder = Jwt.issuer("signalement")
                .upn(user.username)
                .subject(String.valueOf(user.id))
                .groups(groups)
                .claim("uid", user.id)
                .claim(AccountCheck.SESSION_CLAIM, family.toString())
                .claim("name", user.displayName)
                .expiresIn(expiresIn);
        if (user.teamId() != null) {
            builder = builder.claim("team", user.teamId());
        }
        String access = builder.sign();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        em.createNativeQuery("INSERT INTO refresh_token (token_hash, user_id, expires_at, family_id) VALUES (:h, :u, :e, :f)")
                .setParameter("f", family)
                .setParameter("h", sha256(refresh))
                .setParameter("u", user.id)
                .setParameter("e", Instant.now().plus(Duration.ofHours(refreshHours)))
                .executeUpdate();
        return new Tokens(access, refresh, expiresIn, "Bearer", view(user));
    }

    public static UserView view(StaffUser u) {
        return new UserView(u.id, u.username, u.displayName, List.of(u.roles), u.teamId(), u.serviceIds());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
