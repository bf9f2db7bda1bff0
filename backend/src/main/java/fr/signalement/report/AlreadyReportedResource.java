package fr.signalement.report;

import fr.signalement.alert.AlertQueries;
import fr.signalement.alert.AlertViews;
import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import java.util.List;

/**
 * "Already reported here": before sending, a citizen sees the open alerts of the same kind around
 * them, and can say "me too" on one instead of opening another.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlreadyReportedResource {
    @Inject
    AlertQueries alerts;
    @Inject
    Intake intake;
    @Inject
    CurrentStaff staff;
    @ConfigProperty(name = "signalement.nearby.radius-m", defaultValue = "150")
    double radiusM;
    @ConfigProperty(name = "signalement.nearby.limit", defaultValue = "5")
    int limit;

    /** Open alerts of the same category group around a point. */
    @GET
    @Path("/nearby")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Open alerts near a point, nearest first")
    public List<AlertViews.Nearby> nearby(@QueryParam("lat") Double lat, @QueryParam("lon") Double lon,
                                          @QueryParam("categoryCode") String categoryCode) {
        new ReportRequest(null, lat, lon, null, null, null, null).validated(false, true);
        String group = null;
        if (categoryCode != null && !categoryCode.isBlank()) {
            group = alerts.categoryGroup(categoryCode.trim()).orElseThrow(() ->
                    ProblemException.unprocessable("categoryCode", "Catégorie inconnue : « " + categoryCode + " »."));
        }
        return alerts.nearby(lat, lon, group, radiusM, limit);
    }

    public record SupportRequest(Double lat, Double lon, Double accuracyM, String description, String contactEmail,
                                 String channel) {
    }

    /**
     * "Me too": one more citizen reports this very alert. It is counted, never averaged into the
     * alert's position; one sent from farther than the category's merge radius is refused.
     */
    @POST
    @Path("/{id}/support")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a \"me too\" report to an open alert")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = Acknowledgement.class)))
    public Response support(@PathParam("id") long id, SupportRequest body,
                            @RestHeader("Idempotency-Key") String idempotencyKey) {
        SupportRequest s = body == null ? new SupportRequest(null, null, null, null, null, null) : body;
        var result = intake.submit(new ReportRequest(null, s.lat(), s.lon(), s.accuracyM(), s.description(),
                s.contactEmail(), s.channel()), List.of(), ReportResource.key(idempotencyKey), id, Author.of(staff, s.channel()));
        return ReportResource.created(result);
    }
}
