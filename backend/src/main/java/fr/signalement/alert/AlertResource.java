package fr.signalement.alert;

import fr.signalement.catalog.Category;
import fr.signalement.common.ProblemException;
import fr.signalement.report.Acknowledgement;
import fr.signalement.report.Intake;
import fr.signalement.report.ReportRequest;
import fr.signalement.report.ReportResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

import java.time.Instant;
import java.util.List;

@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {
    @Inject
    EntityManager em;
    @Inject
    Intake intake;
    @ConfigProperty(name = "signalement.nearby.radius-m", defaultValue = "150")
    double radiusM;
    @ConfigProperty(name = "signalement.nearby.limit", defaultValue = "5")
    int limit;

    public record Nearby(long alertId, double distanceM, int reportCount, String status, String statusLabel,
                         CategoryRef category, String address, String thumbnailUrl, Instant firstReportAt) {
    }

    public record CategoryRef(String code, String label) {
    }

    /** Open alerts of the same category group around a point: "already reported here". */
    @GET
    @Path("/nearby")
    @Transactional(Transactional.TxType.SUPPORTS)
    @Operation(summary = "Open alerts near a point, nearest first")
    public List<Nearby> nearby(@QueryParam("lat") Double lat, @QueryParam("lon") Double lon,
                               @QueryParam("categoryCode") String categoryCode) {
        new ReportRequest(null, lat, lon, null, null, null, null).validated(false, true);
        String group = null;
        if (categoryCode != null && !categoryCode.isBlank()) {
            // Only the group is needed: one column, no entity loading.
            List<?> groups = em.createNativeQuery("SELECT group_label FROM category WHERE code = :code")
                    .setParameter("code", categoryCode.trim()).getResultList();
            if (groups.isEmpty()) {
                throw ProblemException.unprocessable("categoryCode", "Catégorie inconnue : « " + categoryCode + " ».");
            }
            group = (String) groups.get(0);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH pt AS (SELECT geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) AS g)
                SELECT a.id, ST_Distance(geography(a.position), pt.g), a.report_count, a.status, c.code, c.label,
                       a.address, a.first_report_at,
                       (SELECT min(p.id) FROM photo p WHERE p.alert_id = a.id AND p.kind = 'REPORT')
                FROM alert a JOIN category c ON c.id = a.category_id, pt
                WHERE a.status IN """ + AlertStatus.OPEN_SQL + """
                  AND ST_DWithin(geography(a.position), pt.g, :radius)
                  AND (CAST(:grp AS text) IS NULL OR c.group_label = CAST(:grp AS text))
                ORDER BY geography(a.position) <-> pt.g
                LIMIT :limit
                """)
                .setParameter("lat", lat).setParameter("lon", lon).setParameter("radius", radiusM)
                .setParameter("grp", group).setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> {
            AlertStatus status = AlertStatus.valueOf((String) r[3]);
            Number photo = (Number) r[8];
            return new Nearby(((Number) r[0]).longValue(), Math.round(((Number) r[1]).doubleValue() * 10) / 10.0,
                    ((Number) r[2]).intValue(), status.name(), status.label, new CategoryRef((String) r[4], (String) r[5]),
                    (String) r[6], photo == null ? null : "/api/v1/photos/" + photo + "/thumbnail",
                    fr.signalement.common.Sql.instant(r[7]));
        }).toList();
    }

    public record SupportRequest(Double lat, Double lon, Double accuracyM, String description, String contactEmail,
                                 String channel) {
    }

    /** "Me too": one more citizen reports this very alert. */
    @POST
    @Path("/{id}/support")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a \"me too\" report to an open alert")
    @APIResponse(responseCode = "201", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Acknowledgement.class)))
    public Response support(@PathParam("id") long id, SupportRequest body,
                            @RestHeader("Idempotency-Key") String idempotencyKey) {
        SupportRequest s = body == null ? new SupportRequest(null, null, null, null, null, null) : body;
        var result = intake.submit(new ReportRequest(null, s.lat(), s.lon(), s.accuracyM(), s.description(),
                s.contactEmail(), s.channel()), List.of(), ReportResource.key(idempotencyKey), id, "citizen");
        return ReportResource.created(result);
    }
}
