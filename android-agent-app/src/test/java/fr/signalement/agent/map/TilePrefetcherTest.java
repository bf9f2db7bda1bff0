package fr.signalement.agent.map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import com.sun.net.httpserver.HttpServer;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.osmdroid.config.Configuration;
import org.osmdroid.tileprovider.modules.SqlTileWriter;
import org.osmdroid.util.MapTileIndex;
import org.robolectric.RobolectricTestRunner;

import fr.signalement.agent.ui.TemplateTileSource;

/** The sector's tiles, fetched from a real (local) tile server serving real PNGs, into osmdroid's cache. */
@RunWith(RobolectricTestRunner.class)
public class TilePrefetcherTest {
    /** Ports 18160–18169 are this work's (issue #16). */
    private static final int PORT = 18161;
    private HttpServer server;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Set<String> agents = ConcurrentHashMap.newKeySet();
    private SqlTileWriter cache;

    @Before
    public void setUp() throws IOException {
        File dir = Files.createTempDirectory("tiles").toFile();
        Configuration.getInstance().setOsmdroidBasePath(dir);
        Configuration.getInstance().setOsmdroidTileCache(dir);
        cache = new SqlTileWriter();
        byte[] png = png();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
        server.createContext("/tiles/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            exchange.getResponseBody().write(png);
            exchange.close();
        });
        server.start();
    }

    @After
    public void tearDown() {
        server.stop(0);
        cache.onDetach();
    }

    private static byte[] png() throws IOException {
        BufferedImage tile = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 256; x++) for (int y = 0; y < 256; y++) tile.setRGB(x, y, (x * 31 + y * 17) & 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(tile, "png", out);
        return out.toByteArray();
    }

    @Test
    public void theSectorsTilesAreCachedOnceWithAnIdentifyingUserAgent() {
        // osmdroid's tile cache is one database per process: each test has its own source (cache key).
        TemplateTileSource source = new TemplateTileSource("http://127.0.0.1:" + PORT + "/tiles/{z}/{x}/{y}.png?t=once", "© test", 0, 19);
        // A few streets of the 4th arrondissement, zooms 15 and 16.
        List<Long> plan = TilePrefetcher.plan(2.3500, 48.8550, 2.3560, 48.8580, 15, 16, 1000);
        assertEquals(plan.toString(), 8, plan.size()); // 2×2 tiles at z15 and at z16 (worked out by hand)
        assertEquals(15, MapTileIndex.getZoom(plan.get(0)));
        assertEquals("x of 2.35°E at z15", 16597, MapTileIndex.getX(plan.get(0)));
        assertEquals("y of 48.858°N at z15", 11272, MapTileIndex.getY(plan.get(0)));

        TilePrefetcher p = new TilePrefetcher(cache, "SignalementAgent/test (fr.signalement.agent; Android 14)");
        TilePrefetcher.Result r = p.prefetch(source, plan, () -> false);
        assertTrue(r.complete());
        assertEquals(plan.size(), r.fetched());
        assertEquals(plan.size(), requested.size());
        assertTrue(requested.contains("/tiles/15/16597/11272.png"));
        for (long t : plan) assertTrue(MapTileIndex.toString(t), cache.exists(source, t));
        assertEquals(Set.of("SignalementAgent/test (fr.signalement.agent; Android 14)"), agents);

        // Again: nothing downloaded twice.
        requested.clear();
        TilePrefetcher.Result again = p.prefetch(source, plan, () -> false);
        assertEquals(0, again.fetched());
        assertEquals(plan.size(), again.alreadyCached());
        assertTrue(requested.isEmpty());
    }

    @Test
    public void theSizeIsBoundedAndAnUnreachableServerStopsTheRunWithoutLoss() {
        List<Long> plan = TilePrefetcher.plan(2.25, 48.80, 2.45, 48.92, 13, 17, 50);
        assertEquals("bounded", 50, plan.size());
        server.stop(0);
        TemplateTileSource source = new TemplateTileSource("http://127.0.0.1:" + PORT + "/tiles/{z}/{x}/{y}.png?t=down", "© test", 0, 19);
        TilePrefetcher.Result r = new TilePrefetcher(cache, "ua").prefetch(source, plan, () -> false);
        assertFalse(r.complete());
        assertEquals(0, r.fetched());
    }

    @Test
    public void aSectorTooLargeForTheLimitKeepsWholeCoarseZoomsAndTheMiddleAtTheDeepest() {
        // All of Paris (a team without sectors gets its commune's box), zooms 13–17, at most 4000 tiles.
        double w = 2.2242, s = 48.8156, e = 2.4699, n = 48.9022;
        List<Long> plan = TilePrefetcher.plan(w, s, e, n, 13, 17, 4000);
        assertEquals(4000, plan.size());
        int[] perZoom = new int[18];
        for (long t : plan) perZoom[MapTileIndex.getZoom(t)]++;
        for (int z = 13; z <= 16; z++) {
            int cols = TilePrefetcher.x(e, z) - TilePrefetcher.x(w, z) + 1, rows = TilePrefetcher.y(s, z) - TilePrefetcher.y(n, z) + 1;
            assertEquals("zoom " + z + " whole", cols * rows, perZoom[z]);
        }
        assertTrue("z17 partly: " + perZoom[17], perZoom[17] > 0 && perZoom[17] < (TilePrefetcher.x(e, 17) - TilePrefetcher.x(w, 17) + 1)
                * (TilePrefetcher.y(s, 17) - TilePrefetcher.y(n, 17) + 1));
        // At z17, the middle (Châtelet) is kept, the corners (Bois de Boulogne's south-west) are not.
        assertTrue(plan.contains(MapTileIndex.getTileIndex(17, TilePrefetcher.x((w + e) / 2, 17), TilePrefetcher.y((s + n) / 2, 17))));
        assertFalse(plan.contains(MapTileIndex.getTileIndex(17, TilePrefetcher.x(w, 17), TilePrefetcher.y(s, 17))));
    }

    @Test
    public void thePrefetchCoversTheServersBoxOfTheTeamsSector() {
        fr.signalement.agent.TestEnv env = new fr.signalement.agent.TestEnv(new fr.signalement.agent.TestEnv.OfflineApi());
        try {
            env.signIn("AGENT");
            // Work in the 4th, but the server says the team's sector is this box in the 13th: the box counts.
            env.store.putIntervention(fr.signalement.agent.TestEnv.intervention(7, "ASSIGNED", "ON_TIME",
                    fr.signalement.agent.TestEnv.NOW.plusSeconds(3600), 48.8566, 2.3522));
            double w = 2.3500, s = 48.8280, e = 2.3600, n = 48.8340;
            env.store.putMeta(fr.signalement.agent.core.SyncEngine.META_FIELD_SETTINGS, fr.signalement.agent.TestEnv.obj(
                    "map", fr.signalement.agent.TestEnv.obj("tileUrl", "http://127.0.0.1:" + PORT + "/tiles/{z}/{x}/{y}.png?t=box",
                            "attribution", "© test", "minZoom", 0, "maxZoom", 19),
                    "sector", fr.signalement.agent.TestEnv.obj("west", w, "south", s, "east", e, "north", n, "basis", "SECTORS")).toString());
            TilePrefetcher.Result r = SectorMap.prefetch(env.app, fr.signalement.agent.Services.get(env.app));
            assertTrue(r.complete());
            Set<String> expected = new java.util.HashSet<>();
            for (long t : TilePrefetcher.plan(w, s, e, n, TilePrefetcher.MIN_ZOOM, TilePrefetcher.MAX_ZOOM, TilePrefetcher.MAX_TILES)) {
                expected.add("/tiles/" + MapTileIndex.getZoom(t) + "/" + MapTileIndex.getX(t) + "/" + MapTileIndex.getY(t) + ".png");
            }
            assertEquals(expected, requested);
            assertFalse("the work's own z17 tile is outside the sector",
                    requested.contains("/tiles/17/" + TilePrefetcher.x(2.3522, 17) + "/" + TilePrefetcher.y(48.8566, 17) + ".png"));
        } finally {
            fr.signalement.agent.TestEnv.uninstall();
        }
    }

    @Test
    public void theSettingsPrefetchTheTeamsSectorFromTheServersTileSourceAndShowTheSize() {
        fr.signalement.agent.TestEnv env = new fr.signalement.agent.TestEnv(new fr.signalement.agent.TestEnv.OfflineApi());
        try {
            env.signIn("AGENT");
            env.store.putIntervention(fr.signalement.agent.TestEnv.intervention(7, "ASSIGNED", "ON_TIME",
                    fr.signalement.agent.TestEnv.NOW.plusSeconds(3600), 48.8566, 2.3522));
            env.store.putMeta(fr.signalement.agent.core.SyncEngine.META_FIELD_SETTINGS, fr.signalement.agent.TestEnv.obj("map",
                    fr.signalement.agent.TestEnv.obj("tileUrl", "http://127.0.0.1:" + PORT + "/tiles/{z}/{x}/{y}.png",
                            "attribution", "© test", "minZoom", 0, "maxZoom", 19)).toString());
            fr.signalement.agent.ui.SettingsActivity a = org.robolectric.Robolectric
                    .buildActivity(fr.signalement.agent.ui.SettingsActivity.class).setup().get();
            android.widget.TextView state = a.findViewById(fr.signalement.agent.R.id.settings_offline_map);
            assertEquals("Pas encore téléchargée (au plus 4000 tuiles, environ 58 Mo ; automatique en Wi-Fi).", state.getText().toString());
            a.findViewById(fr.signalement.agent.R.id.settings_prefetch).performClick();
            org.robolectric.Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
            // The sector (the work ± ~500 m) at zooms 13–17, each tile fetched once from the tile server.
            assertTrue(requested.toString(), requested.size() > 20);
            assertTrue(requested.stream().allMatch(path -> path.matches("/tiles/1[3-7]/\\d+/\\d+\\.png")));
            assertEquals("%d tuiles en cache (au plus 4000, environ 58 Mo), zooms 13 à 17.".formatted(requested.size()),
                    state.getText().toString());
        } finally {
            fr.signalement.agent.TestEnv.uninstall();
        }
    }
}
