package fr.signalement.stats;

import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The mayor's office dashboard (issue #4): aggregated figures only, no personal data. Each table
 * answers JSON ({@link Table}) or CSV: {@code ?format=csv} or {@code Accept: text/csv} in the French
 * spreadsheet convention ({@code ;}, decimal comma), {@code ?format=csv-international} with {@code ,} and {@code .}.
 */
@Path("/api/v1/stats")
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
public class StatsResource {
    static final String CSV = "text/csv";

    @Inject
    Dashboard dashboard;
    @Inject
    CurrentStaff staff;

    Clock clock = Clock.systemUTC();

    @GET
    @Path("response-times")
    @APIResponse(responseCode = "200", content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Table.class)), @Content(mediaType = "text/csv") })
    public Response responseTimes(@QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("by") String by, @QueryParam("format") String format,
                                  @HeaderParam("Accept") String accept) {
        Dimension d = dimension(by, Dimension.CATEGORY);
        return answer("delais", "Délais de traitement par " + d.title.toLowerCase(), Period.parse(from, to, clock), d,
                StatsQueries.responseTimes(d), StatsQueries.RESPONSE_TIME_COLUMNS, format, accept);
    }

    /**
     * Weekly trend: the response-time table broken down by week. Weeks still in progress
     * ({@link CurrentCohort}) are marked and their on-time share and resolution times left out,
     * unless {@code includeCurrent=true}.
     */
    @GET
    @Path("trend")
    @APIResponse(responseCode = "200", content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Table.class)), @Content(mediaType = "text/csv") })
    public Response trend(@QueryParam("from") String from, @QueryParam("to") String to,
                          @QueryParam("includeCurrent") boolean includeCurrent,
                          @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        List<Table.Column> cols = new ArrayList<>(StatsQueries.RESPONSE_TIME_COLUMNS);
        cols.set(0, Table.Column.text("key", "Semaine du"));
        cols.add(Table.Column.flag("in_progress", "Période en cours"));
        Period p = Period.parse(from, to, clock);
        Table t = dashboard.table("tendance", "Évolution hebdomadaire", p, Dimension.WEEK,
                StatsQueries.responseTimes(Dimension.WEEK), cols, staff.communeScope());
        CurrentCohort.mark(t.rows(), p.asOf(), includeCurrent);
        return render(t, "tendance", Dimension.WEEK, format, accept);
    }

    /** Open alerts now, by age. The period is ignored: the backlog is today's. */
    @GET
    @Path("backlog")
    @APIResponse(responseCode = "200", content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Table.class)), @Content(mediaType = "text/csv") })
    public Response backlog(@QueryParam("by") String by, @QueryParam("format") String format,
                            @HeaderParam("Accept") String accept) {
        Dimension d = dimension(by, Dimension.SERVICE);
        Instant now = clock.instant();
        return answer("stock", "Alertes encore ouvertes, selon depuis combien de temps", new Period(now, now, now), d,
                StatsQueries.backlog(d), StatsQueries.BACKLOG_COLUMNS, format, accept);
    }

    @GET
    @Path("deduplication")
    @APIResponse(responseCode = "200", content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Table.class)), @Content(mediaType = "text/csv") })
    public Response deduplication(@QueryParam("from") String from, @QueryParam("to") String to,
                                  @QueryParam("by") String by, @QueryParam("format") String format,
                                  @HeaderParam("Accept") String accept) {
        Dimension d = dimension(by, Dimension.CATEGORY);
        return answer("dedoublonnage", "Signalements et alertes par " + d.title.toLowerCase(), Period.parse(from, to, clock), d,
                StatsQueries.deduplication(d), StatsQueries.DEDUPLICATION_COLUMNS, format, accept);
    }

    @GET
    @Path("reopened")
    @APIResponse(responseCode = "200", content = { @Content(mediaType = "application/json", schema = @Schema(implementation = Table.class)), @Content(mediaType = "text/csv") })
    public Response reopened(@QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("by") String by, @QueryParam("format") String format,
                             @HeaderParam("Accept") String accept) {
        Dimension d = dimension(by, Dimension.CATEGORY);
        return answer("reouvertures", "Réouvertures « pas réparé » par " + d.title.toLowerCase(), Period.parse(from, to, clock), d,
                StatsQueries.reopened(d), StatsQueries.REOPENED_COLUMNS, format, accept);
    }

    static Dimension dimension(String by, Dimension fallback) {
        if (by == null || by.isBlank()) return fallback;
        return Dimension.of(by).filter(d -> d != Dimension.WEEK).orElseThrow(() -> ProblemException
                .badRequest("by", "Regroupement inconnu : " + by + " (category, service, quartier, channel)")
                .with("allowed", List.of("category", "service", "quartier", "channel")));
    }

    Response answer(String name, String title, Period p, Dimension d, StatsQuery query, List<Table.Column> columns,
                    String format, String accept) {
        // A town hall's office reads its own communes' figures; the EPCI's reads all (by=commune breaks them down).
        return render(dashboard.table(name, title, p, d, query, columns, staff.communeScope()), name, d, format, accept);
    }

    Response render(Table t, String name, Dimension d, String format, String accept) {
        boolean international = "csv-international".equalsIgnoreCase(format);
        boolean csv = international || "csv".equalsIgnoreCase(format)
                || (format == null && accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON));
        if (csv) {
            String file = name + (d == Dimension.WEEK ? "" : "-" + d.code) + (international ? "-international" : "") + ".csv";
            return Response.ok(t.csv(international ? Table.Convention.INTERNATIONAL : Table.Convention.FRENCH), CSV + "; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
        }
        return Response.ok(t, MediaType.APPLICATION_JSON).build();
    }

}
