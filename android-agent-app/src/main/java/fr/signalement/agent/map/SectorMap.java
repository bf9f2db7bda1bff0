package fr.signalement.agent.map;

import java.util.List;

import android.content.Context;
import android.net.ConnectivityManager;

import org.json.JSONObject;
import org.osmdroid.tileprovider.modules.SqlTileWriter;

import fr.signalement.agent.R;
import fr.signalement.agent.Services;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.ui.MapController;
import fr.signalement.agent.ui.TemplateTileSource;

/**
 * The offline map of the team's sector: the box the server gives for it (field settings "sector":
 * the extent of the team's sectors, else of its commune), or, from a server that does not say, the
 * area of its interventions (with a margin); prefetched on Wi-Fi by the background sync or on demand
 * from the settings, and the box the map opens on. What is cached is kept in the
 * local store's meta ("offlineMap") for the settings screen.
 */
public final class SectorMap {
    public static final String META = "offlineMap";
    /** Around the team's work: about 500 m. */
    private static final double MARGIN_DEG = 0.005;

    private SectorMap() { }

    public static TemplateTileSource source(Context context, Services services) {
        return TemplateTileSource.of(services.engine.fieldSettings().optJSONObject("map"), services.config.tileUrl(),
                context.getString(R.string.map_attribution));
    }

    /**
     * The team's sector as a box (minLon, minLat, maxLon, maxLat): the server's (field settings
     * "sector"), else around the work; null when neither is known yet.
     */
    public static double[] sector(JSONObject fieldSettings, List<Intervention> work) {
        double[] server = serverSector(fieldSettings);
        return server != null ? server : sector(work);
    }

    /** The server's box for the team ("sector": west, south, east, north), or null if absent or invalid. */
    public static double[] serverSector(JSONObject fieldSettings) {
        JSONObject s = fieldSettings == null ? null : fieldSettings.optJSONObject("sector");
        if (s == null) return null;
        double w = s.optDouble("west"), so = s.optDouble("south"), e = s.optDouble("east"), n = s.optDouble("north");
        if (Double.isNaN(w) || Double.isNaN(so) || Double.isNaN(e) || Double.isNaN(n) || w > e || so > n
                || so < -85 || n > 85 || w < -180 || e > 180) {
            return null;
        }
        return new double[] {w, so, e, n};
    }

    /** The box around the team's work (± ~500 m), or null before any work is known. */
    public static double[] sector(List<Intervention> work) {
        double[] b = null;
        for (Intervention i : work) {
            if (Double.isNaN(i.lat()) || Double.isNaN(i.lon())) continue;
            if (b == null) b = new double[] {i.lon(), i.lat(), i.lon(), i.lat()};
            b[0] = Math.min(b[0], i.lon());
            b[1] = Math.min(b[1], i.lat());
            b[2] = Math.max(b[2], i.lon());
            b[3] = Math.max(b[3], i.lat());
        }
        if (b == null) return null;
        return new double[] {b[0] - MARGIN_DEG, b[1] - MARGIN_DEG, b[2] + MARGIN_DEG, b[3] + MARGIN_DEG};
    }

    /** Whether the network is not metered (Wi-Fi): the background sync prefetches only then. */
    public static boolean onWifi(Context context) {
        ConnectivityManager cm = context.getSystemService(ConnectivityManager.class);
        return cm != null && cm.getActiveNetworkInfo() != null && cm.getActiveNetworkInfo().isConnected()
                && !cm.isActiveNetworkMetered();
    }

    /** Prefetches the sector's tiles (runs on the caller's thread: background only). */
    public static TilePrefetcher.Result prefetch(Context context, Services services) {
        double[] box = sector(services.engine.fieldSettings(), services.engine.views());
        if (box == null) return null;
        TemplateTileSource source = source(context, services);
        List<Long> plan = TilePrefetcher.plan(box[0], box[1], box[2], box[3], TilePrefetcher.MIN_ZOOM,
                TilePrefetcher.MAX_ZOOM, TilePrefetcher.MAX_TILES);
        MapController.configure(context);
        SqlTileWriter cache = new SqlTileWriter();
        try {
            TilePrefetcher.Result r = new TilePrefetcher(cache, MapController.userAgent(context)).prefetch(source, plan, () -> false);
            long tiles = cache.getRowCount(source.name());
            services.store.putMeta(META, new JSONObject().put("tiles", tiles).put("planned", r.planned())
                    .put("complete", r.complete()).put("at", services.clock.instant().toString()).toString());
            return r;
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        } finally {
            cache.onDetach();
        }
    }
}
