package fr.signalement.geo;

import fr.signalement.common.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.QueryParam;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The commune's outlines, for maps that must stay useful when no basemap tile can be fetched, and
 * its addresses: search as one types, and the address nearest a point (our own reverse geocoding,
 * so no citizen's position goes to a third party).
 */
@Path("/api/v1/geo")
@Produces({"application/geo+json", "application/json"})
public class GeoResource {
    @Inject
    Geography geography;
    @Inject
    Communes communes;
    @Inject
    AddressSearch addresses;
    @ConfigProperty(name = "signalement.addresses.nearest-max-m", defaultValue = "150")
    double nearestMaxM;

    /** What an address lookup answers: the address nearest a point, none when farther than the limit. */
    public record NearestAddress(AddressSearch.Hit address, Double distanceM) {
    }

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

    @GET
    @Path("/addresses")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Addresses and streets matching typed text (as one types; typos and accents tolerated)")
    public List<AddressSearch.Hit> searchAddresses(@QueryParam("q") String q, @QueryParam("limit") Integer limit) {
        if (q == null || q.isBlank()) {
            throw ProblemException.badRequest("q", "Le texte à chercher (« q ») est obligatoire.");
        }
        if (q.length() > 200) {
            throw ProblemException.badRequest("q", "Le texte à chercher (« q ») dépasse 200 caractères.");
        }
        int n = limit == null ? 6 : limit;
        if (n < 1 || n > 20) {
            throw ProblemException.badRequest("limit", "Le nombre de réponses (« limit ») doit être compris entre 1 et 20.");
        }
        return addresses.search(q, n);
    }

    @GET
    @Path("/addresses/nearest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The address nearest a point (none beyond signalement.addresses.nearest-max-m)")
    public NearestAddress nearestAddress(@QueryParam("lat") Double lat, @QueryParam("lon") Double lon) {
        if (lat == null || !Double.isFinite(lat) || lat < -90 || lat > 90) {
            throw ProblemException.badRequest("lat", "La latitude (« lat ») est obligatoire, entre -90 et 90 degrés (WGS84).");
        }
        if (lon == null || !Double.isFinite(lon) || lon < -180 || lon > 180) {
            throw ProblemException.badRequest("lon", "La longitude (« lon ») est obligatoire, entre -180 et 180 degrés (WGS84).");
        }
        return addresses.nearest(lat, lon, nearestMaxM)
                .map(n -> new NearestAddress(n.address(), Math.round(n.distanceM() * 10) / 10.0))
                .orElse(new NearestAddress(null, null));
    }

    private static Response cached(String body) {
        CacheControl cc = new CacheControl();
        cc.setMaxAge(3600);
        return Response.ok(body).cacheControl(cc).build();
    }
}
