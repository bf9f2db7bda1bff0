package fr.signalement.staff;

import fr.signalement.audit.AuditLog;
import fr.signalement.catalog.Service;
import fr.signalement.catalog.Team;
import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.mindrot.jbcrypt.BCrypt;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Creates and maintains staff accounts; passwords are kept as bcrypt hashes only. */
@ApplicationScoped
public class Accounts {
    static final int BCRYPT_COST = 11;

    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    /**
     * @param communes the INSEE codes of the communes the account is scoped to (a town hall's staff in
     *                 an EPCI's deployment); none: every commune its services serve
     */
    public record NewAccount(String username, String displayName, String email, String password, List<String> roles,
                             Long teamId, List<Long> serviceIds, List<String> communes) {
        public NewAccount(String username, String displayName, String email, String password, List<String> roles,
                          Long teamId, List<Long> serviceIds) {
            this(username, displayName, email, password, roles, teamId, serviceIds, null);
        }
    }

    @Transactional
    public StaffUser create(NewAccount a) {
        if (a == null) {
            throw ProblemException.badRequest(null, "Le compte à créer est vide.");
        }
        if (a.username() == null || !a.username().matches("[a-z0-9._-]{2,64}")) {
            throw ProblemException.badRequest("username", "Identifiant invalide : 2 à 64 caractères parmi a-z, 0-9, « . », « _ », « - ».");
        }
        if (a.password() == null || a.password().length() < 8) {
            throw ProblemException.badRequest("password", "Le mot de passe doit compter au moins 8 caractères.");
        }
        if (a.roles() == null || a.roles().isEmpty() || !Role.ALL.containsAll(a.roles())) {
            throw ProblemException.badRequest("roles", "Rôles possibles : AGENT, DISPATCHER, SUPERVISOR, ADMIN.");
        }
        if (StaffUser.byUsername(a.username()).isPresent()) {
            throw ProblemException.conflict("L'identifiant « " + a.username() + " » existe déjà.");
        }
        StaffUser u = new StaffUser();
        u.username = a.username();
        u.displayName = a.displayName() == null || a.displayName().isBlank() ? a.username() : a.displayName();
        u.email = a.email();
        u.passwordHash = hash(a.password());
        u.roles = a.roles().toArray(String[]::new);
        if (a.teamId() != null) {
            u.team = Team.<Team>findByIdOptional(a.teamId())
                    .orElseThrow(() -> ProblemException.unprocessable("teamId", "Équipe inconnue : " + a.teamId()));
        }
        if (Arrays.asList(u.roles).contains(Role.AGENT) && u.team == null) {
            throw ProblemException.badRequest("teamId", "Un agent appartient à une équipe.");
        }
        if (a.serviceIds() != null) {
            for (Long serviceId : a.serviceIds()) {
                if (serviceId == null || Service.findById(serviceId) == null) {
                    throw ProblemException.unprocessable("serviceIds", "Service inconnu : " + serviceId + ".");
                }
            }
        }
        if (a.communes() != null) {
            for (String insee : a.communes()) {
                if (insee == null || ((Number) em.createNativeQuery("SELECT count(*) FROM commune WHERE insee_code = :c")
                        .setParameter("c", insee).getSingleResult()).longValue() == 0) {
                    throw ProblemException.unprocessable("communes", "Commune non servie : " + insee + ".");
                }
            }
        }
        u.persist();
        if (a.communes() != null) {
            for (String insee : a.communes().stream().distinct().toList()) {
                em.createNativeQuery("INSERT INTO staff_commune (user_id, insee_code) VALUES (:u, :c)")
                        .setParameter("u", u.id).setParameter("c", insee).executeUpdate();
            }
        }
        if (a.serviceIds() != null) {
            for (Long serviceId : a.serviceIds().stream().distinct().toList()) {
                em.createNativeQuery("INSERT INTO staff_service (user_id, service_id) VALUES (:u, :s)")
                        .setParameter("u", u.id).setParameter("s", serviceId).executeUpdate();
            }
        }
        return u;
    }

    /** Every account, as administrators see it. */
    @Transactional
    public List<Auth.UserView> list() {
        return StaffUser.<StaffUser>listAll().stream().map(Auth::view).toList();
    }

    /** An account an administrator opens: created like any other, and audited in the administrator's name. */
    @Transactional
    public Auth.UserView open(NewAccount account, CurrentStaff admin) {
        StaffUser u = create(account);
        Auth.UserView view = Auth.view(u);
        audit.record(admin.id(), admin.user().username, "user.create", "user:" + u.id, null,
                Map.of("username", u.username, "roles", view.roles()));
        return view;
    }

    public static String hash(String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
    }

    public static boolean matches(String password, String hash) {
        return password != null && hash != null && BCrypt.checkpw(password, hash);
    }
}
