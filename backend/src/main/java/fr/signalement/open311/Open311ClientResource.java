package fr.signalement.open311;

import fr.signalement.staff.CurrentStaff;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.List;

/** ADMIN manages the applications allowed to post Open311 requests, and their api_keys. */
@Path("/api/v1/admin/open311-clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("ADMIN")
public class Open311ClientResource {
    @Inject
    Open311Clients clients;
    @Inject
    CurrentStaff staff;

    public record NewClient(String name, String contactEmail) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an Open311 client application",
            description = "Answers 201 with its api_key, shown this once only (the server keeps only a hash).")
    public Response create(NewClient body) {
        Open311Clients.Created c = clients.create(body == null ? null : body.name(), body == null ? null : body.contactEmail(),
                staff.id(), actor());
        return Response.created(URI.create("/api/v1/admin/open311-clients/" + c.id())).entity(c).build();
    }

    @GET
    @Operation(summary = "List Open311 client applications (never their keys)")
    public List<Open311Clients.Client> list() {
        return clients.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a client application's api_key")
    public Response revoke(@PathParam("id") long id) {
        clients.revoke(id, staff.id(), actor());
        return Response.noContent().build();
    }

    private String actor() {
        return staff.user().username;
    }
}
