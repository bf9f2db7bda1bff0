package fr.signalement.admin;

import fr.signalement.catalog.CatalogAdmin;
import fr.signalement.catalog.CategoryResource;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * An administrator tunes the catalogue: categories, services, teams ({@link CatalogAdmin} checks
 * and audits each change). One transaction per request, the signed-in administrator read in it.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class CatalogAdminResource {
    @Inject
    CatalogAdmin catalog;
    @Inject
    CurrentStaff staff;

    @PUT
    @Path("/categories/{code}")
    @Transactional
    public CategoryResource.CategoryView updateCategory(@PathParam("code") String code, CatalogAdmin.CategoryChange change) {
        return CategoryResource.CategoryView.of(catalog.updateCategory(code, change, staff.id(), staff.user().username));
    }

    @PUT
    @Path("/services/{id}")
    @Transactional
    public Map<String, Object> updateService(@PathParam("id") long id, CatalogAdmin.ServiceChange change) {
        return catalog.updateService(id, change, staff.id(), staff.user().username);
    }

    @POST
    @Path("/teams")
    @Transactional
    public Response createTeam(CatalogAdmin.NewTeam team) {
        return Response.status(201).entity(catalog.createTeam(team, staff.id(), staff.user().username)).build();
    }
}
