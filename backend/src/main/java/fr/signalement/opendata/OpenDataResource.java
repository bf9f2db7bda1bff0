package fr.signalement.opendata;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The open-data export on demand, for anyone (docs/open-data.md). */
@Path("/api/v1/open-data")
@Tag(name = "Open data")
public class OpenDataResource {
    @Inject
    OpenData openData;
    @Inject
    OpenDataConfig config;

    @GET
    @Path("alertes.csv")
    @Operation(summary = "Every alert, anonymised, as CSV in the columns of the DansMaRue dataset")
    public Response csv() {
        return answer(OpenData.Format.CSV, "text/csv; charset=utf-8", "alertes.csv");
    }

    @GET
    @Path("alertes.geojson")
    @Operation(summary = "Every alert, anonymised, as a GeoJSON FeatureCollection")
    public Response geojson() {
        return answer(OpenData.Format.GEOJSON, "application/geo+json", "alertes.geojson");
    }

    private Response answer(OpenData.Format format, String type, String file) {
        StreamingOutput body = out -> openData.write(format, out);
        return Response.ok(body).type(type)
                .header("Content-Disposition", "inline; filename=\"" + file + "\"")
                .header("Link", "<" + config.licenceUrl() + ">; rel=\"license\"")
                .build();
    }
}
