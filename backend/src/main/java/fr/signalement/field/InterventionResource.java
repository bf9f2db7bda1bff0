package fr.signalement.field;

import fr.signalement.common.ProblemException;
import fr.signalement.alert.AlertQueries;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.FieldWork;
import fr.signalement.geo.Bbox;
import fr.signalement.photo.Photo;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** The longest page asked for: a day's work of a large team fits in a few pages. */
    @ConfigProperty(name = "signalement.field.page-max", defaultValue = "500")
    int pageMax;
    /** The page when none is asked for: a team's usual day in one answer. */
    @ConfigProperty(name = "signalement.field.page-default", defaultValue = "200")
    int pageDefault;

    /**
     * The team's interventions by due date, a page at a time: the same JSON array as ever, and a
     * {@code Link: <…>; rel="next"} header while more follow (keyset paging, stable while alerts change).
     */
    @GET
    @APIResponse(responseCode = "200", description = "A page; the next one is in the Link header (rel=\"next\")",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Intervention.class)))
    public Response list(@QueryParam("bbox") String bbox, @QueryParam("status") String status,
                         @QueryParam("limit") Integer limit, @QueryParam("after") String after,
                         @Context UriInfo uri) {
        int size = limit == null ? pageDefault : limit;
        if (size < 1 || size > pageMax) {
            throw ProblemException.badRequest("limit", "Le nombre d'interventions par page (« limit ») va de 1 à " + pageMax + ".");
        }
        Interventions.Page page = work.page(agent(), bboxOf(bbox), statuses(status), cursor(after), size);
        Response.ResponseBuilder answer = Response.ok(page.items());
        if (page.next() != null) {
            URI next = uri.getRequestUriBuilder().replaceQueryParam("limit", size)
                    .replaceQueryParam("after", page.next().dueAt().getEpochSecond() + "." + page.next().dueAt().getNano()
                            + "." + page.next().id()).build();
            // Relative to the server: right behind a reverse proxy too.
            answer.header("Link", "<" + next.getRawPath() + "?" + next.getRawQuery() + ">; rel=\"next\"");
        }
        return answer.build();
    }

    /** The statuses asked for: only those agents see ({@link FieldWork#VISIBLE}); null for all of them. */
    private static List<AlertStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        List<AlertStatus> asked = Arrays.stream(status.split(",")).map(AlertStatus::parse).toList();
        for (AlertStatus s : asked) {
            if (!FieldWork.VISIBLE.contains(s)) {
                throw ProblemException.badRequest("status", "Les agents voient les interventions "
                        + FieldWork.VISIBLE.stream().map(Enum::name).collect(Collectors.joining(", "))
                        + " (résolues : le jour même) ; « " + s.name() + " » relève de la régulation.");
            }
        }
        return asked;
    }

    /** The {@code after} cursor of a next link: seconds.nanos.id of the last intervention seen. */
    private static AlertQueries.WorkKey cursor(String after) {
        if (after == null || after.isBlank()) {
            return null;
        }
        String[] parts = after.trim().split("\\.");
        try {
            if (parts.length == 3) {
                return new AlertQueries.WorkKey(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                        Long.parseLong(parts[2]));
            }
        } catch (RuntimeException e) {
            // refused below
        }
        throw ProblemException.badRequest("after", "Le curseur « after » vient du lien « next » de la page précédente.");
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
                               @RestForm("clientActionId") String clientActionId, @RestForm("baseVersion") Long baseVersion,
                               @RestForm("kind") String kind) {
        // Several photos per job: BEFORE the work (staff-only) or AFTER it (the default, as before).
        String photoKind = kind == null || kind.isBlank() ? Photo.AFTER : kind.trim();
        if (!Photo.AFTER.equals(photoKind) && !Photo.BEFORE.equals(photoKind)) {
            throw ProblemException.badRequest("kind", "Une photo d'intervention est prise avant (BEFORE) ou après (AFTER) les travaux.");
        }
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
        if (photo == null) {
            throw ProblemException.badRequest("photo", "La photo (« photo ») est obligatoire.");
        }
        byte[] sent;
        try {
            sent = Files.readAllBytes(photo.uploadedFile());
        } catch (IOException e) {
            throw ProblemException.badRequest("photo", "La photo n'a pas pu être lue.");
        }
        String fingerprint = FieldWork.photoFingerprint(agent, id, sent, photoKind);
        if (work.replayed(actionId, fingerprint)) {
            return Response.ok(new Interventions.Outcome(true, work.current(agent, id))).build();
        }
        work.current(agent, id);
        ProcessedPhoto processed = processor.process(sent, "photo");
        String key = store.write(processed);
        try {
            Interventions.Outcome outcome = work.fieldPhoto(agent, id, actionId, fingerprint, baseVersion, processed, key, photoKind);
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
