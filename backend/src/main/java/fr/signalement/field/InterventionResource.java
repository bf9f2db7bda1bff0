package fr.signalement.field;

import fr.signalement.common.ProblemException;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.FieldWork;
import fr.signalement.geo.Bbox;
import fr.signalement.photo.PhotoProcessor;
import fr.signalement.photo.PhotoStore;
import fr.signalement.photo.ProcessedPhoto;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What the field agents' app talks to: their team's interventions and their actions on them. */
@Path("/api/v1/interventions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.AGENT)
public class InterventionResource {
    @Inject
    Interventions work;
    @Inject
    CurrentStaff staff;
    @Inject
    PhotoProcessor processor;
    @Inject
    PhotoStore store;

    @GET
    public List<Intervention> list(@QueryParam("bbox") String bbox, @QueryParam("status") String status) {
        List<String> statuses = status == null || status.isBlank() ? null
                : Arrays.stream(status.split(",")).map(s -> AlertStatus.parse(s).name()).toList();
        return work.list(agent(), bboxOf(bbox), statuses);
    }

    @GET
    @Path("/{id}")
    public Intervention get(@PathParam("id") long id) {
        return work.get(agent(), id);
    }

    @POST
    @Path("/{id}/actions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Interventions.Outcome act(@PathParam("id") long id, FieldWork.Action action) {
        return work.act(agent(), id, action);
    }

    @POST
    @Path("/{id}/photos")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response afterPhoto(@PathParam("id") long id, @RestForm("photo") FileUpload photo,
                               @RestForm("clientActionId") String clientActionId, @RestForm("baseVersion") Long baseVersion) {
        if (clientActionId == null || clientActionId.isBlank()) {
            throw ProblemException.badRequest("clientActionId", "Chaque action porte un identifiant client (UUID).");
        }
        UUID actionId;
        try {
            actionId = UUID.fromString(clientActionId.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("clientActionId", "clientActionId doit être un UUID.");
        }
        StaffUser agent = agent();
        if (work.replayed(actionId)) {
            return Response.ok(new Interventions.Outcome(true, work.get(agent, id))).build();
        }
        work.get(agent, id);
        if (photo == null) {
            throw ProblemException.badRequest("photo", "La photo (« photo ») est obligatoire.");
        }
        ProcessedPhoto processed;
        try {
            processed = processor.process(Files.readAllBytes(photo.uploadedFile()), "photo");
        } catch (IOException e) {
            throw ProblemException.badRequest("photo", "La photo n'a pas pu être lue.");
        }
        String key = store.write(processed);
        try {
            Interventions.Outcome outcome = work.afterPhoto(agent, id, actionId, baseVersion, processed, key);
            if (outcome.replayed()) {
                store.delete(key);
                return Response.ok(outcome).build();
            }
            return Response.status(201).entity(outcome).build();
        } catch (RuntimeException e) {
            store.delete(key);
            throw e;
        }
    }

    private StaffUser agent() {
        StaffUser u = staff.user();
        if (u.teamId() == null) {
            throw new ProblemException(403, "Accès refusé", "Votre compte n'est rattaché à aucune équipe.", null);
        }
        return u;
    }

    private static double[] bboxOf(String bbox) {
        return Bbox.parse(bbox);
    }
}
