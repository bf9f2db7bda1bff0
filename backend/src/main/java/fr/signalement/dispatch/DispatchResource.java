package fr.signalement.dispatch;

import fr.signalement.alert.Actor;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.AlertViews;
import fr.signalement.alert.Lifecycle;
import fr.signalement.alert.Merging;
import fr.signalement.alert.Moderation;
import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.geo.Bbox;
import fr.signalement.open311.ForwardingRetry;
import fr.signalement.staff.CurrentStaff;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The dispatchers' alert queue and actions. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DispatchResource {
    /** Ten years: older than any alert, and far from the database's interval overflow. */
    static final int MAX_AGE_HOURS = 24 * 3660;
    @Inject
    AlertViews views;
    @Inject
    Lifecycle lifecycle;
    @Inject
    Merging merging;
    @Inject
    Moderation moderation;
    @Inject
    CurrentStaff staff;
    @Inject
    AuditLog audit;
    @Inject
    ForwardingRetry forwardingRetry;

    @GET
    @RolesAllowed({Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})
    @Transactional
    @Operation(summary = "The alert queue, most urgent first: one page, the total and the counts by status and deadline")
    public AlertViews.Page list(@QueryParam("status") String status, @QueryParam("categoryCode") String category,
                                @QueryParam("serviceId") Long serviceId, @QueryParam("teamId") Long teamId,
                                @QueryParam("quartier") String quartier, @QueryParam("channel") String channel,
                                @QueryParam("minAgeHours") Integer minAgeHours, @QueryParam("bbox") String bbox,
                                @QueryParam("commune") String commune,
                                @QueryParam("page") @DefaultValue("0") int page,
                                @QueryParam("size") @DefaultValue("50") int size) {
        List<String> statuses = null;
        if (status != null && !status.isBlank()) {
            statuses = Arrays.stream(status.split(",")).map(String::trim).map(AlertStatus::parse).map(Enum::name).toList();
        }
        if (page < 0 || size < 1 || size > 500) {
            throw ProblemException.badRequest("size", "Pagination : page ≥ 0 et 1 ≤ size ≤ 500.");
        }
        if (minAgeHours != null && (minAgeHours < 0 || minAgeHours > MAX_AGE_HOURS)) {
            throw ProblemException.badRequest("minAgeHours", "« minAgeHours » doit être compris entre 0 et " + MAX_AGE_HOURS
                    + " heures (dix ans).");
        }
        if (commune != null && !commune.isBlank() && !fr.signalement.geo.Communes.isInseeCode(commune.strip())) {
            throw ProblemException.badRequest("commune", "Code INSEE de commune attendu (5 caractères, ex. 67482).");
        }
        return views.listWithCounts(new AlertViews.Filter(statuses, blank(category), serviceId, teamId, blank(quartier), blank(channel),
                minAgeHours, Bbox.parse(bbox), staff.serviceScope(), null, staff.communeScope(), blank(commune)), page, size);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})
    @Transactional
    public AlertViews.Detail detail(@PathParam("id") long id) {
        // The mayor's office reads aggregates and cases, never who reported them.
        boolean contacts = staff.has(Role.DISPATCHER) || staff.has(Role.ADMIN);
        AlertViews.Detail d = views.detail(id, contacts, staff.serviceScope(), staff.communeScope());
        if (d == null) {
            throw ProblemException.notFound("Aucune alerte n° " + id + " dans votre périmètre.");
        }
        List<Long> withEmail = d.reports().stream().filter(r -> r.contactEmail() != null).map(AlertViews.ReportView::id).toList();
        if (contacts && !withEmail.isEmpty()) {
            audit.record(staff.id(), staff.user().username, "report.contact.read", "alert:" + id, null, Map.of("reportIds", withEmail));
        }
        return d;
    }

    public record TransitionRequest(String to, String note, Long teamId, Long agentId, String reason, String forwardedTo) {
    }

    @POST
    @Path("/{id}/transitions")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Move an alert through its lifecycle; 409 lists the allowed moves")
    public AlertViews.Detail transition(@PathParam("id") long id, TransitionRequest body) {
        if (body == null || body.to() == null || body.to().isBlank()) {
            throw ProblemException.badRequest("to", "Le statut visé (« to ») est obligatoire.");
        }
        var alert = lifecycle.lock(id);
        inScope(id);
        lifecycle.apply(alert, new Lifecycle.Change(AlertStatus.parse(body.to()), body.note(), body.teamId(), body.agentId(),
                body.reason(), body.forwardedTo()), Actor.of(staff), AlertEvent.TRANSITION, null, null);
        return detail(id);
    }

    @POST
    @Path("/{id}/forwarding/retry")
    // No body: whatever a client declares (curl -X POST, a form's default type) it is not turned away with 415.
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Send a failed Open311 forwarding again, once its cause is fixed; 409 unless it failed",
            description = "Answers 202 with the alert page: the forwarding is PENDING again (or SENT, its follow-up read"
                    + " again, when the organisation had given it a number); the worker sends it at its next run.")
    @APIResponse(responseCode = "202", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = AlertViews.Detail.class)))
    public Response retryForwarding(@PathParam("id") long id) {
        inScope(id);
        String name = staff.name() == null || staff.name().isBlank() ? staff.user().username : staff.name();
        forwardingRetry.retry(id, Actor.of(staff), name);
        return Response.accepted(detail(id)).build();
    }

    /**
     * The alert to merge into this one; {@code crossGroupConfirmed} must be true when the two are of
     * different category groups (else 409 with {@code crossGroup}, {@code keptGroup}, {@code otherGroup}).
     */
    public record MergeRequest(Long alertId, Boolean crossGroupConfirmed) {
    }

    @POST
    @Path("/{id}/merge")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Merge another alert into this one; across category groups only with crossGroupConfirmed (else 409)")
    public AlertViews.Detail merge(@PathParam("id") long id, MergeRequest body) {
        if (body == null || body.alertId() == null) {
            throw ProblemException.badRequest("alertId", "Indiquez l'alerte à fusionner (« alertId »).");
        }
        for (long a : new long[]{id, body.alertId()}) {
            inScope(a);
        }
        merging.merge(id, body.alertId(), Boolean.TRUE.equals(body.crossGroupConfirmed()), Actor.of(staff));
        return detail(id);
    }

    public record SplitRequest(Long reportId) {
    }

    @POST
    @Path("/{id}/split")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    public AlertViews.Detail split(@PathParam("id") long id, SplitRequest body) {
        if (body == null || body.reportId() == null) {
            throw ProblemException.badRequest("reportId", "Indiquez le signalement à séparer (« reportId »).");
        }
        inScope(id);
        return detail(merging.split(id, body.reportId(), Actor.of(staff)));
    }

    /** The public version of a report's text: omitted or blank publishes the text as the reporter typed it. */
    public record PublicationRequest(String publicText) {
    }

    @PUT
    @Path("/{id}/reports/{reportId}/publication")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Publish a report's text, as typed or edited (the original stays staff-only)")
    public AlertViews.Detail publishDescription(@PathParam("id") long id, @PathParam("reportId") long reportId,
                                                PublicationRequest body) {
        inScope(id);
        moderation.publishDescription(id, reportId, body == null ? null : body.publicText(), Actor.of(staff));
        return detail(id);
    }

    @DELETE
    @Path("/{id}/reports/{reportId}/publication")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Take a report's text back to staff-only")
    public AlertViews.Detail withdrawDescription(@PathParam("id") long id, @PathParam("reportId") long reportId) {
        inScope(id);
        moderation.withdrawDescription(id, reportId, Actor.of(staff));
        return detail(id);
    }

    @PUT
    @Path("/{id}/photos/{key}/publication")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Publish a photo of the alert (a citizen's or an agent's)")
    public AlertViews.Detail publishPhoto(@PathParam("id") long id, @PathParam("key") String key) {
        inScope(id);
        moderation.publishPhoto(id, photoKey(key), true, Actor.of(staff));
        return detail(id);
    }

    @DELETE
    @Path("/{id}/photos/{key}/publication")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Take a photo back to staff-only")
    public AlertViews.Detail withdrawPhoto(@PathParam("id") long id, @PathParam("key") String key) {
        inScope(id);
        moderation.publishPhoto(id, photoKey(key), false, Actor.of(staff));
        return detail(id);
    }

    public record BlurRequest(List<fr.signalement.photo.Anonymiser.Box> boxes) {
    }

    @PUT
    @Path("/{id}/photos/{key}/blur")
    @RolesAllowed({Role.DISPATCHER, Role.ADMIN})
    @Transactional
    @Operation(summary = "Set the regions blurred in a photo's public version (detected ones kept or removed, others added); it is made again")
    public AlertViews.Detail blurPhoto(@PathParam("id") long id, @PathParam("key") String key, BlurRequest body) {
        inScope(id);
        if (body == null || body.boxes() == null || body.boxes().size() > 200) {
            throw ProblemException.badRequest("boxes", "La liste des zones floutées (« boxes », au plus 200) est obligatoire.");
        }
        var boxes = body.boxes().stream().map(b -> b == null ? null : new fr.signalement.photo.Anonymiser.Box(b.x(), b.y(), b.w(), b.h(),
                fr.signalement.photo.Anonymiser.FACE.equals(b.source()) || fr.signalement.photo.Anonymiser.PLATE.equals(b.source())
                        ? b.source() : fr.signalement.photo.Anonymiser.STAFF)).toList();
        moderation.setBlurBoxes(id, photoKey(key), boxes, Actor.of(staff));
        return detail(id);
    }

    private static UUID photoKey(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Aucune photo « " + key + " ».");
        }
    }

    /** Before any action on an alert: it exists (404), and it is within the staff member's scopes (403). */
    private void inScope(long alertId) {
        AlertViews.Summary s = views.summary(alertId);
        if (s == null) {
            throw ProblemException.notFound("Aucune alerte n° " + alertId + ".");
        }
        staff.mayActOn(alertId, s.service().id(), s.commune() == null ? null : s.commune().inseeCode());
    }

    static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
