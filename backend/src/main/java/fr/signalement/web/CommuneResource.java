package fr.signalement.web;

import fr.signalement.geo.BaseMapConfig;
import fr.signalement.geo.CommuneConfig;
import fr.signalement.geo.Geography;
import fr.signalement.geo.TileStore;
import fr.signalement.notify.PushClientConfig;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Settings the front ends need at start-up: the commune's name, colours and logo, the map's centre
 * and extent, the retention and reopening periods they tell citizens about, and web push.
 */
@Path("/api/v1/config")
@Produces(MediaType.APPLICATION_JSON)
public class CommuneResource {
    @Inject
    CommuneConfig commune;
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

    public record Config(String communeName, String inseeCode, String primaryColor, String accentColor, String logoUrl,
                         int retentionDays, int reopenDays, Center center, double[] bbox, Object push,
                         BaseMap basemap) {
    }

    @GET
    @Transactional
    public Config config() {
        Geography.Extent e = geography.communeExtent();
        return new Config(commune.name(), commune.inseeCode(), commune.primaryColor(), commune.accentColor(),
                commune.logoUrl(), retentionDays, reopenDays, new Center(e.centerLat(), e.centerLon()),
                new double[]{e.minLon(), e.minLat(), e.maxLon(), e.maxLat()}, push.forCitizenApp(), baseMap());
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
