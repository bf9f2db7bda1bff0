package fr.signalement.admin;

import fr.signalement.staff.Accounts;
import fr.signalement.staff.Auth;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Staff accounts, managed by administrators. (The class keeps its old name: the OpenAPI tag of
 * these operations, "Admin Resource", comes from it.)
 */
@Path("/api/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class AdminResource {
    @Inject
    Accounts accounts;
    @Inject
    CurrentStaff staff;

    @GET
    public List<Auth.UserView> list() {
        return accounts.list();
    }

    @POST
    public Response create(Accounts.NewAccount account) {
        return Response.status(201).entity(accounts.open(account, staff)).build();
    }
}
