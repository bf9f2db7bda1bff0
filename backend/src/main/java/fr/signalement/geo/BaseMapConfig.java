package fr.signalement.geo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The apps' base map. By default the packs' own vector tiles ({@code geo-data/<pack>/tiles.mbtiles}), served by this backend
 * ({@link TileResource}), so no citizen's position or address leaves our servers; an external
 * raster source (the Géoplateforme's "Plan IGN", OpenStreetMap) stays possible by configuration.
 */
@ConfigMapping(prefix = "signalement.basemap")
public interface BaseMapConfig {
    /** {@code vector} (the pack's tiles), {@code raster} ({@link #rasterUrl()}) or {@code none} (outlines only). */
    @WithDefault("vector")
    String kind();

    /** XYZ template of an external raster source, for {@code kind=raster}. */
    Optional<String> rasterUrl();

    /** What the map must credit for the raster source. */
    @WithDefault("© les contributeurs d’OpenStreetMap")
    String rasterAttribution();

    /** How long browsers may keep a tile without asking again (seconds). */
    @WithDefault("86400")
    int maxAgeSeconds();
}
