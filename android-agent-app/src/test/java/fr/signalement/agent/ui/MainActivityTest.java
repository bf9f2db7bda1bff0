package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.time.Duration;
import java.util.List;

import android.Manifest;
import android.app.AlertDialog;
import android.content.Intent;
import android.graphics.drawable.GradientDrawable;
import android.view.View;
import android.widget.ListView;
import android.widget.TextView;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osmdroid.views.overlay.Marker;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowDialog;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.Intervention;

/** Main screen, offline (the API always fails): everything comes from the SQLite cache. */
@RunWith(RobolectricTestRunner.class)
public class MainActivityTest {
    private TestEnv env;
    private TestEnv.OfflineApi api;

    @Before
    public void setUp() {
        api = new TestEnv.OfflineApi();
        env = new TestEnv(api);
        env.signIn("AGENT");
        shadowOf(env.app).grantPermissions(Manifest.permission.ACCESS_FINE_LOCATION);
        // stored in random order; the list must sort them by due time
        env.store.putIntervention(TestEnv.intervention(2, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(5)), 48.8570, 2.3530));
        env.store.putIntervention(TestEnv.intervention(1, "ASSIGNED", "OVERDUE", TestEnv.NOW.minus(Duration.ofHours(2)), 48.8566, 2.3522));
        env.store.putIntervention(TestEnv.intervention(3, "IN_PROGRESS", "DUE_SOON", TestEnv.NOW.plus(Duration.ofHours(1)), 48.8580, 2.3500));
        env.locator.at(48.8560, 2.3510);
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void listIsSortedByDueTimeAndShowsWhatMatters() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        ListView list = a.findViewById(R.id.main_list);
        assertEquals(3, list.getAdapter().getCount());
        assertEquals(1L, list.getAdapter().getItemId(0)); // overdue first
        assertEquals(3L, list.getAdapter().getItemId(1));
        assertEquals(2L, list.getAdapter().getItemId(2));

        View row = list.getAdapter().getView(0, null, list);
        assertEquals("Nid de poule #1", ((TextView) row.findViewById(R.id.item_title)).getText().toString());
        assertEquals("1 rue de Rivoli — Saint-Merri — Paris", ((TextView) row.findViewById(R.id.item_address)).getText().toString());
        assertTrue(((TextView) row.findViewById(R.id.item_due)).getText().toString().contains("En retard"));
        assertTrue(api.calls > 0); // it tried to sync on resume
        String status = ((TextView) a.findViewById(R.id.main_status)).getText().toString();
        assertTrue(status, status.startsWith("Hors ligne"));
        assertEquals("Bonjour Marie Dupont", ((TextView) a.findViewById(R.id.main_hello)).getText().toString());
    }

    @Test
    public void phoneSwitchesBetweenListAndMap() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        assertFalse(a.isSideBySide());
        assertEquals(View.VISIBLE, a.findViewById(R.id.main_refresh).getVisibility());
        assertEquals(View.GONE, a.findViewById(R.id.main_map_container).getVisibility());
        a.findViewById(R.id.main_show_map).performClick();
        assertEquals(View.GONE, a.findViewById(R.id.main_refresh).getVisibility());
        assertEquals(View.VISIBLE, a.findViewById(R.id.main_map_container).getVisibility());
        a.findViewById(R.id.main_show_list).performClick();
        assertEquals(View.VISIBLE, a.findViewById(R.id.main_refresh).getVisibility());
    }

    @Test
    @Config(qualifiers = "sw800dp-w1280dp-h800dp-land")
    public void tabletShowsListAndMapSideBySide() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        assertTrue(a.isSideBySide());
        assertNull(a.findViewById(R.id.main_show_map));
        assertEquals(View.VISIBLE, a.findViewById(R.id.main_refresh).getVisibility());
        assertEquals(View.VISIBLE, a.findViewById(R.id.main_map_container).getVisibility());
        assertNotNull(a.findViewById(R.id.map_view));
    }

    @Test
    public void mapHasOneMarkerPerInterventionColouredByDueStatusAndMyPosition() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        List<Marker> markers = a.mapController().interventionMarkers();
        assertEquals(3, markers.size());
        assertEquals(1L, markers.get(0).getRelatedObject());
        assertEquals(48.8566, markers.get(0).getPosition().getLatitude(), 1e-9);
        assertEquals(a.getColor(R.color.due_overdue), color(markers.get(0)));
        assertEquals(a.getColor(R.color.due_soon), color(markers.get(1)));
        assertEquals(a.getColor(R.color.due_on_time), color(markers.get(2)));
        Marker me = a.mapController().positionMarker();
        assertNotNull(me);
        assertEquals(48.8560, me.getPosition().getLatitude(), 1e-9);
        assertTrue(a.mapController().view().getOverlays().containsAll(markers));
        // The tile source's attribution is on the map, and tiles are fetched with an identifying User-Agent.
        assertTrue(a.mapController().view().getOverlays().stream()
                .anyMatch(o -> o instanceof org.osmdroid.views.overlay.CopyrightOverlay));
        String ua = org.osmdroid.config.Configuration.getInstance().getUserAgentValue();
        assertTrue(ua, ua.matches("SignalementAgent/[^ ]+ \\(fr\\.signalement\\.agent; Android .*\\)"));
    }

    @Test
    public void theMapUsesTheCommunesTileSourceFromTheServerWithItsAttribution() {
        env.store.putMeta(fr.signalement.agent.core.SyncEngine.META_FIELD_SETTINGS, TestEnv.obj("map", TestEnv.obj(
                "tileUrl", "https://data.geopf.fr/wmts?LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}",
                "attribution", "© IGN – Géoplateforme, Plan IGN", "minZoom", 6, "maxZoom", 19)).toString());
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        TemplateTileSource source = (TemplateTileSource) a.mapController().view().getTileProvider().getTileSource();
        assertEquals("© IGN – Géoplateforme, Plan IGN", source.getCopyrightNotice());
        assertEquals("https://data.geopf.fr/wmts?LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&TILEMATRIX=16&TILECOL=33198&TILEROW=22539",
                source.getTileURLString(org.osmdroid.util.MapTileIndex.getTileIndex(16, 33198, 22539)));
    }

    @Test
    public void theMapOpensOnTheTeamsSectorFromTheServerNotOnItsWork() {
        // The server's box for the team (5th and 13th arrondissements); the work cached is in the 4th,
        // outside it, so an opening on the work would be told apart.
        env.store.putMeta(fr.signalement.agent.core.SyncEngine.META_FIELD_SETTINGS, TestEnv.obj("sector", TestEnv.obj(
                "west", 2.3367, "south", 48.8156, "east", 2.3697, "north", 48.8530, "basis", "SECTORS")).toString());
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        org.osmdroid.views.MapView map = laidOut(a);
        org.osmdroid.api.IGeoPoint c = map.getMapCenter();
        assertEquals(48.8343, c.getLatitude(), 0.002);
        assertEquals(2.3532, c.getLongitude(), 0.002);
        org.osmdroid.util.BoundingBox seen = map.getBoundingBox();
        assertTrue(seen.toString(), seen.getLatSouth() <= 48.8156 && seen.getLatNorth() >= 48.8530
                && seen.getLonWest() <= 2.3367 && seen.getLonEast() >= 2.3697);
        // Fitted, not a whole-France view: the box fills much of the screen.
        assertTrue(seen.toString(), seen.getLatitudeSpan() < 0.2);
        assertEquals(3, a.mapController().interventionMarkers().size()); // the work is still shown
    }

    @Test
    public void withoutTheServersBoxTheMapOpensOnTheWork() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        org.osmdroid.views.MapView map = laidOut(a);
        org.osmdroid.util.BoundingBox seen = map.getBoundingBox();
        for (Marker m : a.mapController().interventionMarkers()) {
            assertTrue(seen.toString(), seen.contains(m.getPosition()));
        }
        assertTrue(seen.toString(), seen.getLatitudeSpan() < 0.05);
    }

    /** A tablet-sized layout pass for the map (Robolectric does not lay out a map hidden behind the list tab). */
    private static org.osmdroid.views.MapView laidOut(MainActivity a) {
        org.osmdroid.views.MapView map = a.mapController().view();
        map.measure(View.MeasureSpec.makeMeasureSpec(800, View.MeasureSpec.EXACTLY),
                View.MeasureSpec.makeMeasureSpec(1200, View.MeasureSpec.EXACTLY));
        map.layout(0, 0, 800, 1200);
        shadowOf(android.os.Looper.getMainLooper()).idle();
        return map;
    }

    private static int color(Marker m) {
        return ((GradientDrawable) m.getIcon()).getColor().getDefaultColor();
    }

    @Test
    public void tappingARowOpensTheIntervention() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        ListView list = a.findViewById(R.id.main_list);
        shadowOf(list).performItemClick(1);
        Intent next = shadowOf(a).getNextStartedActivity();
        assertEquals(InterventionActivity.class.getName(), next.getComponent().getClassName());
        assertEquals(3L, next.getLongExtra(InterventionActivity.EXTRA_ID, -1));
    }

    @Test
    public void pullToRefreshTriesToSyncAndQueuedActionsAreShown() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        env.services.engine.record(2, ActionType.START, TestEnv.obj());
        int before = api.calls;
        ((PullToRefreshLayout) a.findViewById(R.id.main_refresh)).triggerRefresh();
        assertTrue(api.calls > before);
        String status = ((TextView) a.findViewById(R.id.main_status)).getText().toString();
        assertTrue(status, status.contains("1 action(s) en attente"));
        ListView list = a.findViewById(R.id.main_list);
        View row = list.getAdapter().getView(2, null, list);
        assertEquals("En cours · 1 en attente", ((TextView) row.findViewById(R.id.item_status)).getText().toString());
        assertEquals(1, env.store.actions().size()); // still queued: offline
    }

    @Test
    public void signOutClearsLocalData() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        env.services.engine.record(2, ActionType.NOTE, TestEnv.obj("text", "x"));
        env.blobs.put("photo:/api/v1/photos/101/thumbnail", new byte[] {1, 2});
        a.findViewById(R.id.main_sign_out).performClick();
        TestEnv.idle();
        AlertDialog d = (AlertDialog) ShadowDialog.getLatestDialog();
        assertTrue(shadowOf(d).getMessage().toString().contains("1 action(s)"));
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        assertNull(env.tokens.load());
        assertTrue(env.store.interventions().isEmpty());
        assertTrue(env.store.actions().isEmpty());
        assertFalse(env.blobs.has("photo:/api/v1/photos/101/thumbnail"));
        assertEquals(LoginActivity.class.getName(), shadowOf(a).getNextStartedActivity().getComponent().getClassName());
    }

    @Test
    public void withoutSessionGoesToSignIn() {
        env.tokens.clear();
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        assertEquals(LoginActivity.class.getName(), shadowOf(a).getNextStartedActivity().getComponent().getClassName());
    }

    static Intervention first(List<Intervention> l) { return l.get(0); }
}
