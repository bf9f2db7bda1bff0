package fr.signalement.geo;

import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/** The commune's outlines, for maps that must stay useful when no basemap tile can be fetched. */
@Path("/api/v1/geo")
@Produces({"application/geo+json", "application/json"})
public class GeoResource {
    @Inject
    Geography geography;

    @GET
    @Path("/commune")
    @Transactional
    public Response commune() {
        return cached(geography.communeGeoJson());
    }

    @GET
    @Path("/quartiers")
    @Transactional
    public Response quartiers() {
        return cached(geography.quartiersGeoJson());
    }

    private static Response cached(String body) {
        CacheControl cc = new CacheControl();
        cc.setMaxAge(3600);
        return Response.ok(body).cacheControl(cc).build();
    }
}
