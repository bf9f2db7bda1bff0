package fr.signalement.agent.map;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.osmdroid.tileprovider.modules.IFilesystemCache;
import org.osmdroid.util.MapTileIndex;

import fr.signalement.agent.ui.TemplateTileSource;

/**
 * Downloads the tiles of the team's sector into osmdroid's tile cache, so the map works without
 * network: the zoom levels useful on a round, within a bounded number of tiles (the size is shown
 * in the settings). Tiles already cached are skipped; a network failure stops the run (the next one
 * resumes). The User-Agent identifies the app, as tile servers' usage policies ask.
 */
public final class TilePrefetcher {
    /** Zooms worth having offline: the district (13) down to the street (17). */
    public static final int MIN_ZOOM = 13, MAX_ZOOM = 17;
    /** At most this many tiles (~15 KiB each: about 60 MiB). */
    public static final int MAX_TILES = 4000;

    public record Result(int fetched, int alreadyCached, int planned, long bytes, boolean complete) { }

    private final IFilesystemCache cache;
    private final String userAgent;

    public TilePrefetcher(IFilesystemCache cache, String userAgent) {
        this.cache = cache;
        this.userAgent = userAgent;
    }

    /**
     * The tiles (osmdroid indexes) covering the box at these zooms, coarse first, at most {@code max}.
     * The first zoom that does not fit whole is taken from the box's centre outwards, so a sector too
     * large for the limit (a whole commune) keeps its middle at street level rather than a strip along
     * its western edge.
     */
    public static List<Long> plan(double minLon, double minLat, double maxLon, double maxLat, int minZoom, int maxZoom, int max) {
        List<Long> out = new ArrayList<>();
        for (int z = minZoom; z <= maxZoom && out.size() < max; z++) {
            int x0 = x(minLon, z), x1 = x(maxLon, z), y0 = y(maxLat, z), y1 = y(minLat, z);
            List<Long> level = new ArrayList<>();
            for (int x = x0; x <= x1; x++) {
                for (int y = y0; y <= y1; y++) {
                    level.add(MapTileIndex.getTileIndex(z, x, y));
                }
            }
            if (out.size() + level.size() > max) {
                double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0;
                level.sort(java.util.Comparator.comparingDouble(t -> {
                    double dx = MapTileIndex.getX(t) - cx, dy = MapTileIndex.getY(t) - cy;
                    return dx * dx + dy * dy;
                }));
                level = level.subList(0, max - out.size());
            }
            out.addAll(level);
        }
        return out;
    }

    static int x(double lon, int z) {
        int n = 1 << z;
        return Math.max(0, Math.min(n - 1, (int) Math.floor((lon + 180) / 360 * n)));
    }

    static int y(double lat, int z) {
        int n = 1 << z;
        double r = Math.toRadians(lat);
        return Math.max(0, Math.min(n - 1, (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n)));
    }

    public Result prefetch(TemplateTileSource source, List<Long> tiles, BooleanSupplier cancelled) {
        int fetched = 0, cached = 0;
        long bytes = 0;
        for (long index : tiles) {
            if (cancelled.getAsBoolean()) return new Result(fetched, cached, tiles.size(), bytes, false);
            if (cache.exists(source, index)) {
                cached++;
                continue;
            }
            byte[] png;
            try {
                png = download(source.getTileURLString(index));
            } catch (IOException e) {
                return new Result(fetched, cached, tiles.size(), bytes, false); // network gone: resume next time
            }
            if (png == null) continue; // no tile there (404): nothing to keep
            try (InputStream in = new ByteArrayInputStream(png)) {
                cache.saveFile(source, index, in, null);
            } catch (IOException e) {
                return new Result(fetched, cached, tiles.size(), bytes, false);
            }
            fetched++;
            bytes += png.length;
        }
        return new Result(fetched, cached, tiles.size(), bytes, true);
    }

    private byte[] download(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try {
            c.setConnectTimeout(10_000);
            c.setReadTimeout(20_000);
            c.setRequestProperty("User-Agent", userAgent);
            int status = c.getResponseCode();
            if (status == 404) return null;
            if (status != 200) throw new IOException("HTTP " + status + " for " + url);
            try (InputStream in = c.getInputStream()) {
                return in.readAllBytes();
            }
        } finally {
            c.disconnect();
        }
    }
}
