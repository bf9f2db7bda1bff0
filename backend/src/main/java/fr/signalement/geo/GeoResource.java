package fr.signalement.geo;

import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.QueryParam;
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
    @Inject
    Communes communes;

    /** A served commune's outline: the one named by its INSEE code, else the one shown by default. */
    @GET
    @Path("/commune")
    @Transactional
    public Response commune(@QueryParam("commune") String inseeCode) {
        String code = inseeCode != null && !inseeCode.isBlank() ? inseeCode.strip()
                : communes.fallback().map(Communes.Commune::inseeCode).orElse(null);
        String feature = Communes.isInseeCode(code) ? geography.communeGeoJson(code) : null;
        if (feature == null) {
            throw ProblemException.notFound("Aucune commune servie sous le code INSEE « " + code + " ».");
        }
        return cached(feature);
    }

    /** Every served commune's outline and colours, for the citizen app to follow the pin across borders. */
    @GET
    @Path("/communes")
    @Transactional
    public Response communes() {
        return cached(geography.communesGeoJson());
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
