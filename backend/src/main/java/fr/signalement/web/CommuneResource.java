package fr.signalement.web;

import fr.signalement.common.ProblemException;
import fr.signalement.geo.BaseMapConfig;
import fr.signalement.geo.Communes;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import fr.signalement.geo.TileStore;
import fr.signalement.notify.PushClientConfig;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * Settings the front ends need at start-up: the commune's name, colours and logo, the map's centre
 * and extent, the retention and reopening periods they tell citizens about, and web push. One
 * deployment serves several communes: the commune is the one under {@code lat}/{@code lon} (the
 * citizen's pin), else the one named by {@code commune} (INSEE code), else the one whose own host
 * name the request came to, else the first commune of the first pack.
 */
@Path("/api/v1/config")
@Produces(MediaType.APPLICATION_JSON)
public class CommuneResource {
    @Inject
    Communes communes;
    @Inject
    Geography geography;
    @ConfigProperty(name = "signalement.retention.contact-days", defaultValue = "90")
    int retentionDays;
    @ConfigProperty(name = "signalement.reopen.days", defaultValue = "7")
    int reopenDays;
    @Inject
    PushClientConfig push;
    @Inject
    BaseMapConfig baseMap;
    @Inject
    TileStore tiles;

    /**
     * The base map the apps draw: {@code vector} (our own tiles at {@code url}, drawn in the
     * commune's colours, native up to {@code maxZoom} and enlarged beyond), {@code raster} (an
     * external XYZ source, only when configured), or {@code none} (the commune's outlines alone).
     * {@code attribution} must stay visible on the map.
     */
    public record BaseMap(String kind, String url, String attribution, int maxZoom) {
    }

    public record Center(double lat, double lon) {
    }

    /** A served commune, for the apps' pickers and the "handled by" line. */
    public record ServedCommune(String inseeCode, String name, String territory, String territoryName) {
    }

    /**
     * @param territory      the pack the commune belongs to; {@code territoryName} the EPCI's name for an EPCI pack
     * @param center         and {@code bbox}: the commune's territory (all the EPCI's communes), for the map
     * @param servedTerritory the whole deployment in words ("Paris, Eurométropole de Strasbourg (33 communes)")
     */
    public record Config(String communeName, String inseeCode, String primaryColor, String accentColor, String logoUrl,
                         int retentionDays, int reopenDays, Center center, double[] bbox, Object push,
                         String territory, String territoryName, String servedTerritory, List<ServedCommune> communes,
                         BaseMap basemap) {
    }

    @GET
    @Transactional
    public Config config(@Parameter(description = "Latitude of the citizen's pin (WGS84)") @QueryParam("lat") Double lat,
                         @Parameter(description = "Longitude of the citizen's pin (WGS84)") @QueryParam("lon") Double lon,
                         @Parameter(description = "A served commune's INSEE code") @QueryParam("commune") String inseeCode,
                         @HeaderParam("Host") String host) {
        Communes.Commune c = choose(lat, lon, inseeCode, host);
        Geography.Extent e = geography.territoryExtent(c.territory());
        List<ServedCommune> served = communes.served().stream()
                .map(s -> new ServedCommune(s.inseeCode(), s.name(), s.territory(), s.territoryName())).toList();
        return new Config(c.name(), c.inseeCode(), c.primaryColor(), c.accentColor(), c.logoUrl(), retentionDays, reopenDays,
                new Center(e.centerLat(), e.centerLon()), new double[]{e.minLon(), e.minLat(), e.maxLon(), e.maxLat()},
                push.forCitizenApp(), c.territory(), c.territoryName(), communes.servedTerritory(), served, baseMap());
    }

    private Communes.Commune choose(Double lat, Double lon, String inseeCode, String host) {
        if ((lat == null) != (lon == null)) {
            throw ProblemException.badRequest(lat == null ? "lat" : "lon", "Donnez à la fois lat et lon, ou aucun des deux.");
        }
        if (lat != null) {
            if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                throw ProblemException.badRequest("lat", "Position hors des bornes WGS84 (lat −90…90, lon −180…180).");
            }
            Place place = geography.locate(lat, lon);
            if (!place.insideCommune()) {
                String served = communes.servedTerritory();
                throw ProblemException.unprocessable("lat", "Ce lieu est en dehors du territoire desservi (" + served + ").")
                        .with("servedTerritory", served);
            }
            return communes.byInsee(place.inseeCode()).orElseThrow();
        }
        if (inseeCode != null && !inseeCode.isBlank()) {
            return communes.byInsee(inseeCode.strip()).orElseThrow(() ->
                    ProblemException.notFound("Aucune commune servie sous le code INSEE « " + inseeCode.strip() + " »."));
        }
        return communes.byHost(host).or(communes::fallback).orElseThrow(() ->
                ProblemException.notFound("Aucune commune n'est encore chargée : chargez un pack (scripts/pack.sh)."));
    }

    private BaseMap baseMap() {
        if ("raster".equals(baseMap.kind()) && baseMap.rasterUrl().isPresent()) {
            return new BaseMap("raster", baseMap.rasterUrl().get(), baseMap.rasterAttribution(), 19);
        }
        if ("vector".equals(baseMap.kind()) && tiles.available()) {
            return new BaseMap("vector", "/tiles/{z}/{x}/{y}", "© les contributeurs d’OpenStreetMap, © OpenMapTiles", 14);
        }
        return new BaseMap("none", null, null, 0);
    }
}
