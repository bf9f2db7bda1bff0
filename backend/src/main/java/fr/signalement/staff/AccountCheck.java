package fr.signalement.staff;

import fr.signalement.common.Row;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Every signed-in request is checked here, once, against the account as it is now: it must exist
 * and be active, its session must not have been ended (logout, stolen refresh token), and its roles
 * are the account's current roles, not the ones written in the token. A deactivated, deleted or
 * demoted account therefore loses its access at its next request, not when its token expires.
 *
 * <p>One primary-key lookup per request, nothing cached: every replica sees the same state.
 * A refusal is an {@link AuthenticationFailedException}, answered 401 on every path (proactive
 * authentication), public ones included.
 */
@ApplicationScoped
public class AccountCheck implements SecurityIdentityAugmentor {
    /** The access token's claim naming its session (the refresh-token family). */
    public static final String SESSION_CLAIM = "sid";
    /** The identity attribute holding the checked account's id, read by {@link CurrentStaff}. */
    public static final String STAFF_ID = "signalement.staff-id";

    @Inject
    EntityManager em;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(identity);
        }
        return context.runBlocking(() -> checked(identity));
    }

    SecurityIdentity checked(SecurityIdentity identity) {
        Long uid = null;
        UUID session = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            uid = accountId(jwt.getClaim("uid"));
            session = sessionId(jwt.getClaim(SESSION_CLAIM));
        }
        Row account = find(uid, uid == null ? identity.getPrincipal().getName() : null, session)
                .orElseThrow(() -> new AuthenticationFailedException("unknown account"));
        if (!account.flag("active") || !account.flag("session_open")) {
            throw new AuthenticationFailedException("account deactivated or session ended");
        }
        String[] roles = (String[]) account.get("roles");
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(STAFF_ID, account.number("id"))
                .addRoles(roles == null ? java.util.Set.of() : new java.util.HashSet<>(Arrays.asList(roles)))
                .build();
    }

    private Optional<Row> find(Long uid, String username, UUID session) {
        return QuarkusTransaction.requiringNew().call(() -> Row.first(em.createNativeQuery("""
                        SELECT u.id, u.active, u.roles,
                               NOT EXISTS (SELECT 1 FROM refresh_token t
                                           WHERE t.family_id = CAST(:sid AS uuid) AND t.revoked_reason IN ('logout', 'reuse'))
                                   AS session_open
                        FROM staff_user u
                        WHERE (CAST(:uid AS bigint) IS NOT NULL AND u.id = CAST(:uid AS bigint))
                           OR (CAST(:uid AS bigint) IS NULL AND u.username = CAST(:username AS text))
                        """, Tuple.class)
                .setParameter("uid", uid)
                .setParameter("username", username)
                .setParameter("sid", session == null ? null : session.toString())));
    }

    /** Our tokens carry the account id as a number; anything else is a forged or foreign token. */
    private static Long accountId(Object claim) {
        if (claim == null) {
            return null;
        }
        try {
            if (claim instanceof JsonNumber n) {
                return n.longValueExact();
            }
            String text = claim instanceof JsonString s ? s.getString() : claim.toString();
            return Long.valueOf(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new AuthenticationFailedException("uid claim is not an account id");
        }
    }

    private static UUID sessionId(Object claim) {
        if (claim == null) {
            return null;
        }
        try {
            return UUID.fromString(claim instanceof JsonString s ? s.getString() : claim.toString());
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException("sid claim is not a session id");
        }
    }
}
