package fr.signalement.geo;

import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The base map's vector tiles (XYZ numbering), from the commune pack: the apps draw them in the
 * commune's colours, with a day of browser caching and an ETag for revalidation. Stored gzipped,
 * they are sent through the HTTP layer's own compression (it drops a Content-Encoding set by a
 * resource, so the stored bytes cannot go out as they are).
 */
@Path("/tiles")
public class TileResource {
    static final String MEDIA_TYPE = "application/vnd.mapbox-vector-tile";

    @Inject
    TileStore tiles;
    @Inject
    BaseMapConfig config;

    @GET
    @Path("/{z}/{x}/{y}")
    @Operation(summary = "A vector tile of the commune's base map (Mapbox Vector Tile, gzip); 204 where the pack has none")
    public Response tile(@PathParam("z") int z, @PathParam("x") int x, @PathParam("y") int y,
                         @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (z < 0 || z > 22) {
            throw ProblemException.badRequest("z", "Le niveau de zoom (« z ») doit être compris entre 0 et 22.");
        }
        long n = 1L << z;
        if (x < 0 || x >= n) {
            throw ProblemException.badRequest("x", "La colonne (« x ») doit être comprise entre 0 et " + (n - 1) + " au zoom " + z + ".");
        }
        if (y < 0 || y >= n) {
            throw ProblemException.badRequest("y", "La ligne (« y ») doit être comprise entre 0 et " + (n - 1) + " au zoom " + z + ".");
        }
        String cache = "public, max-age=" + config.maxAgeSeconds();
        return tiles.tile(z, x, y).map(t -> {
            if (t.etag().equals(ifNoneMatch)) {
                return Response.notModified().tag(new jakarta.ws.rs.core.EntityTag(t.etag().replace("\"", "")))
                        .header("Cache-Control", cache).build();
            }
            return Response.ok(TileStore.gunzip(t.gzipped()), MEDIA_TYPE).header("ETag", t.etag())
                    .header("Cache-Control", cache).build();
        // Outside the pack's area or zooms: nothing to draw, which is not an error for a map.
        }).orElseGet(() -> Response.noContent().header("Cache-Control", cache).build());
    }
}
