package fr.signalement.staff;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.common.Row;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
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
import java.util.Set;

/**
 * Staff sign-in: short-lived RS256 access tokens and revocable refresh tokens (stored hashed,
 * rotated at each use). Repeated failures slow down, then lock the account for a while.
 */
@ApplicationScoped
public class Auth {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Compared against when the username is unknown, so timing does not reveal which accounts exist.
    private static final String DUMMY_HASH = Accounts.hash("not-a-password-" + RANDOM.nextLong());

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @ConfigProperty(name = "signalement.auth.access-token-minutes", defaultValue = "15")
    int accessMinutes;
    @ConfigProperty(name = "signalement.auth.refresh-token-hours", defaultValue = "12")
    int refreshHours;
    @ConfigProperty(name = "signalement.auth.max-failures", defaultValue = "5")
    int maxFailures;
    @ConfigProperty(name = "signalement.auth.lock-minutes", defaultValue = "15")
    int lockMinutes;

    public record UserView(long id, String username, String displayName, List<String> roles, Long teamId,
                           List<Long> serviceIds) {
    }

    public record Tokens(String accessToken, String refreshToken, long expiresIn, String tokenType, UserView user) {
    }

    /** Refused attempts must be remembered even though the request fails: own transaction. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public Tokens login(String username, String password) {
        if (username == null || username.isBlank()) {
            throw ProblemException.badRequest("username", "L'identifiant est obligatoire.");
        }
        if (password == null || password.isEmpty()) {
            throw ProblemException.badRequest("password", "Le mot de passe est obligatoire.");
        }
        StaffUser user = StaffUser.byUsername(username.trim().toLowerCase()).orElse(null);
        Instant now = Instant.now();
        if (user != null && user.lockedUntil != null && user.lockedUntil.isAfter(now)) {
            throw locked(user.lockedUntil, now);
        }
        if (user == null || !user.active || !Accounts.matches(password, user.passwordHash)) {
            if (user == null) {
                Accounts.matches(password, DUMMY_HASH);
            } else {
                user.failedLogins++;
                user.lastFailureAt = now;
                if (user.failedLogins >= maxFailures) {
                    user.lockedUntil = now.plus(Duration.ofMinutes(lockMinutes));
                    audit.record(user.id, user.username, "auth.locked", "user:" + user.id, null,
                            java.util.Map.of("failedLogins", user.failedLogins, "lockedUntil", user.lockedUntil.toString()));
                }
                slowDown(user.failedLogins);
            }
            throw new ProblemException(401, "Identification refusée", "Identifiant ou mot de passe incorrect.", null);
        }
        user.failedLogins = 0;
        user.lockedUntil = null;
        audit.record(user.id, user.username, "auth.login", "user:" + user.id, null, null);
        return issue(user);
    }

    @Transactional
    public Tokens refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.badRequest("refreshToken", "Le jeton de renouvellement est obligatoire.");
        }
        Row row = Row.list(em.createNativeQuery("""
                        UPDATE refresh_token SET revoked_at = now()
                        WHERE token_hash = :h AND revoked_at IS NULL AND expires_at > now()
                        RETURNING user_id, token_hash
                        """, Tuple.class)
                .setParameter("h", sha256(refreshToken))).stream().findFirst().orElse(null);
        if (row == null) {
            throw new ProblemException(401, "Session expirée", "Le jeton de renouvellement est invalide, expiré ou révoqué.", "refreshToken");
        }
        StaffUser user = StaffUser.findById(row.number("user_id"));
        if (user == null || !user.active) {
            throw new ProblemException(401, "Session expirée", "Ce compte est désactivé.", "refreshToken");
        }
        return issue(user);
    }

    @Transactional
    public void logout(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank()) {
            throw ProblemException.badRequest("refreshToken", "Le jeton de renouvellement est obligatoire.");
        }
        em.createNativeQuery("UPDATE refresh_token SET revoked_at = now() WHERE token_hash = :h AND revoked_at IS NULL")
                .setParameter("h", sha256(refreshToken)).executeUpdate();
    }

    private Tokens issue(StaffUser user) {
        Set<String> groups = new HashSet<>(List.of(user.roles));
        long expiresIn = accessMinutes * 60L;
        var builder = Jwt.issuer("signalement")
                .upn(user.username)
                .subject(String.valueOf(user.id))
                .groups(groups)
                .claim("uid", user.id)
                .claim("name", user.displayName)
                .expiresIn(expiresIn);
        if (user.teamId() != null) {
            builder = builder.claim("team", user.teamId());
        }
        String access = builder.sign();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        em.createNativeQuery("INSERT INTO refresh_token (token_hash, user_id, expires_at) VALUES (:h, :u, :e)")
                .setParameter("h", sha256(refresh))
                .setParameter("u", user.id)
                .setParameter("e", Instant.now().plus(Duration.ofHours(refreshHours)))
                .executeUpdate();
        return new Tokens(access, refresh, expiresIn, "Bearer", view(user));
    }

    public static UserView view(StaffUser u) {
        return new UserView(u.id, u.username, u.displayName, List.of(u.roles), u.teamId(), u.serviceIds());
    }

    private ProblemException locked(Instant until, Instant now) {
        long seconds = Math.max(1, Duration.between(now, until).toSeconds());
        return new ProblemException(429, "Compte verrouillé",
                "Trop d'échecs d'identification : réessayez dans " + Math.max(1, (seconds + 59) / 60) + " minute(s).", null)
                .with("retryAfterSeconds", seconds);
    }

    /** Each failure in a row costs more time, up to two seconds. */
    private static void slowDown(int failures) {
        try {
            Thread.sleep(Math.min(2000L, 100L << Math.min(failures, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
