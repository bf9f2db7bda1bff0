package fr.signalement.demo;

import fr.signalement.catalog.Service;
import fr.signalement.catalog.Team;
import fr.signalement.staff.Accounts;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Demo mode only (profiles dev and demo): one account per role and a sector team for the road
 * service in central Paris, so every screen can be tried at once. Listed in the README.
 */
@ApplicationScoped
public class DemoAccounts {
    private static final Logger LOG = Logger.getLogger(DemoAccounts.class);
    public static final String DEMO_TEAM = "Voirie – Paris Centre (1er–4e)";

    @ConfigProperty(name = "signalement.demo.enabled", defaultValue = "false")
    boolean enabled;
    @Inject
    Accounts accounts;
    @Inject
    EntityManager em;

    @Transactional
    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        // Several processes may start together on one database: one creates, the others see it done.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(1397310276)").getSingleResult();
        if (StaffUser.byUsername("admin").isPresent()) {
            return;
        }
        Number roadService = (Number) em.createNativeQuery("SELECT id FROM service WHERE code = 'dvd'").getSingleResult();
        Team team = new Team();
        team.service = Service.findById(roadService.longValue());
        team.name = DEMO_TEAM;
        team.persist();
        for (String sector : List.of("75101", "75102", "75103", "75104")) {
            em.createNativeQuery("INSERT INTO team_sector (team_id, sector_code) VALUES (:t, :s)")
                    .setParameter("t", team.id).setParameter("s", sector).executeUpdate();
        }
        @SuppressWarnings("unchecked")
        List<Long> allServices = em.createNativeQuery("SELECT id FROM service ORDER BY id", Long.class).getResultList();
        accounts.create(new Accounts.NewAccount("admin", "Administratrice démo", null, "admin-demo", List.of(Role.ADMIN), null, null));
        accounts.create(new Accounts.NewAccount("dispatch", "Régulateur démo", null, "dispatch-demo", List.of(Role.DISPATCHER), null, allServices));
        accounts.create(new Accounts.NewAccount("maire", "Cabinet du maire (démo)", null, "maire-demo", List.of(Role.SUPERVISOR), null, null));
        accounts.create(new Accounts.NewAccount("agent", "Agent voirie démo", null, "agent-demo", List.of(Role.AGENT), team.id, null));
        LOG.info("Demo accounts created: admin, dispatch, maire, agent (passwords <name>-demo)");
    }
}
