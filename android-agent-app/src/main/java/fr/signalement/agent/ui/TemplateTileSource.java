package fr.signalement.agent.ui;

import org.json.JSONObject;
import org.osmdroid.tileprovider.tilesource.OnlineTileSourceBase;
import org.osmdroid.util.MapTileIndex;

/**
 * A raster tile source from a URL template with {z}, {x}, {y} (an XYZ server, or a WMTS GetTile in
 * Web Mercator such as the Géoplateforme's Plan IGN), named by the server's field settings ("map").
 */
public final class TemplateTileSource extends OnlineTileSourceBase {
    private final String template;

    public TemplateTileSource(String template, String attribution, int minZoom, int maxZoom) {
        // The cache name follows the template: another source's tiles are never shown for this one.
        super("signalement-" + Integer.toHexString(template.hashCode()), minZoom, maxZoom, 256, ".png",
                new String[] {template}, attribution);
        this.template = template;
    }

    /** The server's map (field settings), or the tablet's tile server with OSM's attribution. */
    public static TemplateTileSource of(JSONObject serverMap, String tabletTileUrl, String osmAttribution) {
        if (serverMap != null && serverMap.optString("tileUrl").contains("{z}")) {
            return new TemplateTileSource(serverMap.optString("tileUrl"), serverMap.optString("attribution"),
                    serverMap.optInt("minZoom", 0), serverMap.optInt("maxZoom", 19));
        }
        return new TemplateTileSource(tabletTileUrl + "{z}/{x}/{y}.png", osmAttribution, 0, 19);
    }

    public String template() { return template; }

    @Override
    public String getTileURLString(long index) {
        return url(MapTileIndex.getZoom(index), MapTileIndex.getX(index), MapTileIndex.getY(index));
    }

    public String url(int z, int x, int y) {
        return template.replace("{z}", Integer.toString(z)).replace("{x}", Integer.toString(x)).replace("{y}", Integer.toString(y));
    }
}
