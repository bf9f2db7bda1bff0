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
