package fr.signalement.staff;

import fr.signalement.common.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The signed-in staff member of this request: the account {@link AccountCheck} matched and checked
 * when the request was authenticated (by our token's {@code uid} claim or, for tokens of an external
 * OpenID Connect provider, by username). Its roles are the account's current roles.
 */
@RequestScoped
public class CurrentStaff {
    @Inject
    SecurityIdentity identity;

    private StaffUser user;

    public boolean signedIn() {
        return !identity.isAnonymous();
    }

    public StaffUser user() {
        if (user == null) {
            Long id = identity.isAnonymous() ? null : identity.getAttribute(AccountCheck.STAFF_ID);
            if (id == null) {
                throw new ProblemException(401, "Authentification requise", "Connectez-vous.", null);
            }
            StaffUser found = StaffUser.findById(id);
            if (found == null || !found.active) {
                // Deactivated between the check and now.
                throw new ProblemException(401, "Authentification requise", "Ce compte n'existe pas ou est désactivé.", null);
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

    /**
     * Communes whose alerts and figures this user may see; null means all of them (administrators,
     * and accounts scoped to no commune: a single commune's staff, or the EPCI's).
     */
    public List<String> communeScope() {
        if (has(Role.ADMIN)) {
            return null;
        }
        List<String> communes = user().communes();
        return communes.isEmpty() ? null : communes;
    }

    /** Services whose alerts this user may act on; null means all of them. */
    public List<Long> serviceScope() {
        if (has(Role.ADMIN) || has(Role.SUPERVISOR)) {
            return null;
        }
        return user().serviceIds();
    }

    /**
     * Refuses (403) an action on an alert outside this user's scopes: its service, and its commune (a
     * town hall may triage for an EPCI service, in its own commune only).
     */
    public void mayActOn(long alertId, long serviceId, String inseeCode) {
        List<Long> services = serviceScope();
        if (services != null && !services.contains(serviceId)) {
            throw new ProblemException(403, "Accès refusé", "L'alerte n° " + alertId + " ne relève pas de vos services.", null);
        }
        List<String> communes = communeScope();
        if (communes != null && (inseeCode == null || !communes.contains(inseeCode))) {
            throw new ProblemException(403, "Accès refusé", "L'alerte n° " + alertId + " n'est pas dans vos communes.", null);
        }
    }
}
