package fr.signalement.staff;

import fr.signalement.common.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/**
 * The signed-in staff member of this request, matched by our own token's {@code uid} claim or, for
 * tokens of an external OpenID Connect provider, by username.
 */
@RequestScoped
public class CurrentStaff {
    @Inject
    SecurityIdentity identity;
    @Inject
    JsonWebToken jwt;

    private StaffUser user;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public StaffUser user() {
        if (user == null) {
            if (identity.isAnonymous()) {
                throw new ProblemException(401, "Authentification requise", "Connectez-vous.", null);
            }
            Object uid = jwt.getClaim("uid");
            StaffUser found = uid != null
                    ? StaffUser.findById(Long.valueOf(uid.toString()))
                    : StaffUser.byUsername(identity.getPrincipal().getName()).orElse(null);
            if (found == null || !found.active) {
                throw new ProblemException(403, "Accès refusé", "Ce compte n'existe pas ou est désactivé.", null);
            }
            user = found;
        }
        return user;
    }

    public long id() {
        return user().id;
    }

    public String name() {
        return user().displayName;
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    /** Services whose alerts this user may act on; null means all of them. */
    public List<Long> serviceScope() {
        if (has(Role.ADMIN) || has(Role.SUPERVISOR)) {
            return null;
        }
        return user().serviceIds();
    }
}
