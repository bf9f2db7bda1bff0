package fr.signalement.dispatch;

import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Services, teams and agents, for routing and assignment screens. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})
public class ReferenceResource {
    @Inject
    EntityManager em;

    public record ServiceView(long id, String code, String name, String email, String phone, String address) {
    }

    public record TeamView(long id, long serviceId, String name, List<String> sectors) {
    }

    public record AgentView(long id, String username, String displayName, Long teamId) {
    }

    @GET
    @Path("/services")
    @Transactional
    public List<ServiceView> services() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, code, name, email, phone, postal_address FROM service ORDER BY name").getResultList();
        return rows.stream().map(r -> new ServiceView(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (String) r[5])).toList();
    }

    @GET
    @Path("/teams")
    @Transactional
    public List<TeamView> teams(@QueryParam("serviceId") Long serviceId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.id, t.service_id, t.name, coalesce(array_agg(ts.sector_code ORDER BY ts.sector_code)
                       FILTER (WHERE ts.sector_code IS NOT NULL), '{}')
                FROM team t LEFT JOIN team_sector ts ON ts.team_id = t.id
                WHERE CAST(:s AS bigint) IS NULL OR t.service_id = CAST(:s AS bigint)
                GROUP BY t.id ORDER BY t.name
                """).setParameter("s", serviceId).getResultList();
        return rows.stream().map(r -> new TeamView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                List.of((String[]) r[3]))).toList();
    }

    @GET
    @Path("/agents")
    @Transactional
    public List<AgentView> agents(@QueryParam("teamId") Long teamId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, username, display_name, team_id FROM staff_user
                WHERE active AND 'AGENT' = ANY (roles) AND (CAST(:t AS bigint) IS NULL OR team_id = CAST(:t AS bigint))
                ORDER BY display_name
                """).setParameter("t", teamId).getResultList();
        return rows.stream().map(r -> new AgentView(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                r[3] == null ? null : ((Number) r[3]).longValue())).toList();
    }
}
