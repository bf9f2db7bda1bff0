package fr.signalement.staff;

import fr.signalement.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/** Staff accounts, managed by administrators. */
@Path("/api/v1/admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class AdminResource {
    @Inject
    Accounts accounts;
    @Inject
    AuditLog audit;
    @Inject
    CurrentStaff staff;

    @GET
    @Transactional
    public List<Auth.UserView> list() {
        return StaffUser.<StaffUser>listAll().stream().map(Auth::view).toList();
    }

    @POST
    @Transactional
    public Response create(Accounts.NewAccount account) {
        StaffUser u = accounts.create(account);
        Auth.UserView view = Auth.view(u);
        audit.record(staff.id(), staff.user().username, "user.create", "user:" + u.id, null,
                Map.of("username", u.username, "roles", view.roles()));
        return Response.status(201).entity(view).build();
    }
}
