package fr.signalement.dispatch;

import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
    ReferenceQueries queries;

    @GET
    @Path("/services")
    @Transactional
    public List<ReferenceQueries.ServiceView> services() {
        return queries.services();
    }

    @GET
    @Path("/teams")
    @Transactional
    public List<ReferenceQueries.TeamView> teams(@QueryParam("serviceId") Long serviceId) {
        return queries.teams(serviceId);
    }

    @GET
    @Path("/agents")
    @Transactional
    public List<ReferenceQueries.AgentView> agents(@QueryParam("teamId") Long teamId) {
        return queries.agents(teamId);
    }
}
