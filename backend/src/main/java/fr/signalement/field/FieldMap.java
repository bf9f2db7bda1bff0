package fr.signalement.field;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The map the agents' app shows and keeps offline: a raster tile source the commune chooses. By
 * default the French public Géoplateforme's "Plan IGN" (WMTS, Web Mercator, open licence, no key);
 * OpenStreetMap's tiles are an option ({@code https://tile.openstreetmap.org/{z}/{x}/{y}.png}, within
 * its usage policy). {z}, {x}, {y} are replaced by the app.
 */
@ConfigMapping(prefix = "signalement.field-map")
public interface FieldMap {
    @WithDefault("https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2"
            + "&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}")
    String tileUrl();

    /** Shown on the map at all times (the source's licence requires it). */
    @WithDefault("© IGN – Géoplateforme, Plan IGN")
    String attribution();

    @WithDefault("6")
    int minZoom();

    @WithDefault("19")
    int maxZoom();

    /** What the app shows the agent of it. */
    record TileSource(String tileUrl, String attribution, int minZoom, int maxZoom) {
    }

    default TileSource view() {
        return new TileSource(tileUrl(), attribution(), minZoom(), maxZoom());
    }
}
