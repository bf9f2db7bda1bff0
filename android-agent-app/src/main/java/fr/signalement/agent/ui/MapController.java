package fr.signalement.agent.ui;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import android.content.Context;
import android.graphics.Color;
import android.graphics.drawable.GradientDrawable;
import android.view.ViewGroup;

import org.osmdroid.config.Configuration;
import org.osmdroid.util.GeoPoint;
import org.osmdroid.views.MapView;
import org.osmdroid.views.overlay.Marker;

import fr.signalement.agent.R;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.location.Locator;

/**
 * The osmdroid map: opens on the team's sector ({@link #openOn}), one marker per intervention (coloured
 * by due status) and the agent's position.
 */
public final class MapController {
    public interface OnInterventionClick {
        void open(long interventionId);
    }

    private final Context context;
    private final MapView map;
    private final List<Marker> markers = new ArrayList<>();
    private Marker me;
    private boolean centered;
    private boolean onSector;

    public MapController(Context context, ViewGroup container, TemplateTileSource tiles, boolean useNetwork) {
        this.context = context;
        configure(context);
        map = new MapView(context);
        map.setId(R.id.map_view);
        map.setTileSource(tiles);
        map.setUseDataConnection(useNetwork);
        map.setMultiTouchControls(true);
        map.setTilesScaledToDpi(true);
        // Nothing known yet (first launch offline): metropolitan France, until the team's sector, work
        // or position is known (openOn, show, showPosition).
        map.getController().setZoom(6.0);
        map.getController().setCenter(new GeoPoint(46.6, 2.4));
        // The tile source's attribution, always visible (licence terms of OSM and IGN alike).
        org.osmdroid.views.overlay.CopyrightOverlay attribution = new org.osmdroid.views.overlay.CopyrightOverlay(context);
        attribution.setTextSize(12);
        map.getOverlays().add(attribution);
        container.addView(map, new ViewGroup.LayoutParams(ViewGroup.LayoutParams.MATCH_PARENT, ViewGroup.LayoutParams.MATCH_PARENT));
    }

    public MapView view() { return map; }

    /**
     * osmdroid's settings, the same for the map and the offline prefetch: the tile cache in the app's
     * private storage, and an identifying User-Agent (tile servers' usage policies, OSM's and IGN's,
     * ask for one, not a bare package name).
     */
    public static void configure(Context context) {
        Configuration.getInstance().setUserAgentValue(userAgent(context));
        File base = new File(context.getFilesDir(), "osmdroid");
        Configuration.getInstance().setOsmdroidBasePath(base);
        Configuration.getInstance().setOsmdroidTileCache(new File(base, "tiles"));
    }

    /** "SignalementAgent/0.1.0 (fr.signalement.agent; Android 14)". */
    public static String userAgent(Context context) {
        String version = "?";
        try {
            version = context.getPackageManager().getPackageInfo(context.getPackageName(), 0).versionName;
        } catch (android.content.pm.PackageManager.NameNotFoundException | RuntimeException e) {
            // keep "?"
        }
        return "SignalementAgent/" + version + " (" + context.getPackageName() + "; Android "
                + android.os.Build.VERSION.RELEASE + ")";
    }

    /**
     * Opens the map on the team's sector (minLon, minLat, maxLon, maxLat: the server's box), all of it
     * in view; once: later calls (each refresh) leave the agent's panning alone. Takes over from an
     * opening on the work or position made before the server's box was known (first sync).
     */
    public void openOn(double[] sector) {
        if (sector == null || onSector) return;
        onSector = true;
        centered = true;
        // 5 % of margin: the sector's edges not flush with the screen's.
        org.osmdroid.util.BoundingBox box = new org.osmdroid.util.BoundingBox(sector[3], sector[2], sector[1], sector[0])
                .increaseByScale(1.05f);
        map.getController().setZoom(14.0);
        map.getController().setCenter(box.getCenterWithDateLine());
        if (map.isLayoutOccurred()) {
            map.zoomToBoundingBox(box, false);
        } else {
            map.addOnFirstLayoutListener((v, l, t, r, b) -> map.zoomToBoundingBox(box, false));
        }
    }

    /** Markers currently shown (tests). */
    public List<Marker> interventionMarkers() { return markers; }

    public Marker positionMarker() { return me; }

    public void show(List<Intervention> interventions, OnInterventionClick click) {
        for (Marker m : markers) map.getOverlays().remove(m);
        markers.clear();
        for (Intervention i : interventions) {
            if (Double.isNaN(i.lat()) || Double.isNaN(i.lon())) continue;
            Marker m = new Marker(map);
            m.setPosition(new GeoPoint(i.lat(), i.lon()));
            m.setAnchor(Marker.ANCHOR_CENTER, Marker.ANCHOR_CENTER);
            m.setIcon(dot(DueColors.color(context, i), 36));
            m.setTitle(i.categoryLabel());
            m.setSnippet(i.address());
            m.setRelatedObject(i.id());
            long id = i.id();
            m.setOnMarkerClickListener((marker, mapView) -> {
                click.open(id);
                return true;
            });
            markers.add(m);
            map.getOverlays().add(m);
        }
        if (!centered && !markers.isEmpty()) {
            // Opens on the team's work: all of it in view (one job: around it).
            map.getController().setZoom(16.0);
            map.getController().setCenter(markers.get(0).getPosition());
            if (markers.size() > 1) {
                List<GeoPoint> points = new ArrayList<>();
                for (Marker m : markers) points.add(m.getPosition());
                org.osmdroid.util.BoundingBox box = org.osmdroid.util.BoundingBox.fromGeoPointsSafe(points);
                map.addOnFirstLayoutListener((v, l, t, r, b) -> map.zoomToBoundingBox(box.increaseByScale(1.2f), false));
            }
            centered = true;
        }
        map.invalidate();
    }

    public void showPosition(Locator.Fix fix) {
        if (fix == null) return;
        if (me == null) {
            me = new Marker(map);
            me.setIcon(dot(Color.rgb(0x1E, 0x6F, 0xFF), 22));
            me.setAnchor(Marker.ANCHOR_CENTER, Marker.ANCHOR_CENTER);
            me.setTitle(context.getString(R.string.my_position));
            me.setInfoWindow(null);
            map.getOverlays().add(me);
        }
        me.setPosition(new GeoPoint(fix.lat(), fix.lon()));
        if (markers.isEmpty() && !centered) {
            map.getController().setZoom(16.0);
            map.getController().setCenter(me.getPosition());
            centered = true;
        }
        map.invalidate();
    }

    private GradientDrawable dot(int color, int dp) {
        int px = Math.round(dp * context.getResources().getDisplayMetrics().density);
        GradientDrawable d = new GradientDrawable();
        d.setShape(GradientDrawable.OVAL);
        d.setColor(color);
        d.setStroke(Math.max(2, px / 9), Color.WHITE);
        d.setSize(px, px);
        return d;
    }

    public void onResume() { map.onResume(); }
    public void onPause() { map.onPause(); }
    public void onDestroy() { map.onDetach(); }
}
