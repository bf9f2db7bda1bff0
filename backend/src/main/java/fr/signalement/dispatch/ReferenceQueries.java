package fr.signalement.dispatch;

import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.util.List;

/** Services, teams and agents as the routing and assignment screens list them. */
@ApplicationScoped
public class ReferenceQueries {
    @Inject
    EntityManager em;

    public record ServiceView(long id, String code, String name, String email, String phone, String address) {
    }

    public record TeamView(long id, long serviceId, String name, List<String> sectors) {
    }

    public record AgentView(long id, String username, String displayName, Long teamId) {
    }

    public List<ServiceView> services() {
        return Row.list(em.createNativeQuery("""
                        SELECT id, code, name, email, phone, postal_address FROM service ORDER BY name
                        """, Tuple.class)).stream()
                .map(r -> new ServiceView(r.number("id"), r.text("code"), r.text("name"), r.text("email"),
                        r.text("phone"), r.text("postal_address")))
                .toList();
    }

    public List<TeamView> teams(Long serviceId) {
        return Row.list(em.createNativeQuery("""
                        SELECT t.id, t.service_id, t.name,
                               coalesce(array_agg(ts.sector_code ORDER BY ts.sector_code)
                                        FILTER (WHERE ts.sector_code IS NOT NULL), '{}') AS sectors
                        FROM team t LEFT JOIN team_sector ts ON ts.team_id = t.id
                        WHERE CAST(:s AS bigint) IS NULL OR t.service_id = CAST(:s AS bigint)
                        GROUP BY t.id ORDER BY t.name
                        """, Tuple.class).setParameter("s", serviceId)).stream()
                .map(r -> new TeamView(r.number("id"), r.number("service_id"), r.text("name"),
                        List.of((String[]) r.get("sectors"))))
                .toList();
    }

    public List<AgentView> agents(Long teamId) {
        return Row.list(em.createNativeQuery("""
                        SELECT id, username, display_name, team_id FROM staff_user
                        WHERE active AND 'AGENT' = ANY (roles) AND (CAST(:t AS bigint) IS NULL OR team_id = CAST(:t AS bigint))
                        ORDER BY display_name
                        """, Tuple.class).setParameter("t", teamId)).stream()
                .map(r -> new AgentView(r.number("id"), r.text("username"), r.text("display_name"), r.id("team_id")))
                .toList();
    }
}
