package fr.signalement.geo;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The packs' vector tiles, read from each pack's MBTiles file ({@code geo-data/<pack>/tiles.mbtiles},
 * an SQLite database, rows in TMS order). One deployment serves several packs, so a tile is looked
 * for in each file in turn (packs cover distinct territories). One read-only connection per file,
 * shared: a tile is one primary-key read of a few hundred KB at most, and browsers keep tiles for a day.
 */
@ApplicationScoped
public class TileStore {
    private static final Logger LOG = Logger.getLogger(TileStore.class);
    private static final String FILE_NAME = "tiles.mbtiles";

    /** A tile as stored: gzip-compressed protobuf, and a tag naming this very version of it. */
    public record Tile(byte[] gzipped, String etag) {
    }

    /** One pack's open file and the version its tags carry. */
    private record Source(Connection connection, String version) {
    }

    @Inject
    PackConfig packs;

    private final Map<Path, Source> open = new HashMap<>();
    private boolean missingLogged;

    /** Whether any pack carries tiles at all. */
    public boolean available() {
        return !files().isEmpty();
    }

    /** The tile at z/x/y (XYZ numbering, as web maps ask), empty when no pack has one there. */
    public synchronized Optional<Tile> tile(int z, int x, int y) {
        for (Path f : files()) {
            try {
                Source source = source(f);
                try (PreparedStatement ps = source.connection().prepareStatement(
                        "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
                    ps.setInt(1, z);
                    ps.setInt(2, x);
                    ps.setInt(3, (1 << z) - 1 - y);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(new Tile(rs.getBytes(1), "\"" + source.version() + "-" + z + "-" + x + "-" + y + "\""));
                        }
                    }
                }
            } catch (SQLException e) {
                close(f);
                throw new IllegalStateException("Cannot read the tiles of " + f, e);
            }
        }
        return Optional.empty();
    }

    /** A stored tile's protobuf (MBTiles of the OpenMapTiles kind hold them gzipped; a plain one passes). */
    public static byte[] gunzip(byte[] stored) {
        if (stored.length < 2 || (stored[0] & 0xff) != 0x1f || (stored[1] & 0xff) != 0x8b) {
            return stored;
        }
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("A stored tile is not readable gzip", e);
        }
    }

    /** Every pack folder's tiles file, in a stable order. */
    private List<Path> files() {
        Path dir = Path.of(packs.dir());
        List<Path> found = new ArrayList<>();
        try (var folders = Files.list(dir)) {
            folders.map(d -> d.resolve(FILE_NAME)).filter(Files::isReadable).sorted().forEach(found::add);
        } catch (java.io.IOException e) {
            // No packs folder: no tiles (logged once below).
        }
        if (found.isEmpty() && !missingLogged) {
            LOG.warnf("No base map tiles in %s/*/%s: maps show the communes' outlines only", dir.toAbsolutePath(), FILE_NAME);
            missingLogged = true;
        }
        return found;
    }

    private Source source(Path f) throws SQLException {
        String v;
        try {
            // A replaced file (a new pack) gets new tags, so browsers drop their copies.
            v = Long.toString(Files.getLastModifiedTime(f).toMillis(), 36) + Long.toString(Files.size(f), 36);
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        Source s = open.get(f);
        if (s != null && v.equals(s.version())) {
            return s;
        }
        close(f);
        org.sqlite.SQLiteConfig sc = new org.sqlite.SQLiteConfig();
        sc.setReadOnly(true);
        s = new Source(DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath(), sc.toProperties()), v);
        open.put(f, s);
        return s;
    }

    private void close(Path f) {
        Source s = open.remove(f);
        if (s != null) {
            try {
                s.connection().close();
            } catch (SQLException ignored) {
                // closing a read-only file: nothing to lose
            }
        }
    }

    synchronized void onStop(@Observes ShutdownEvent e) {
        List.copyOf(open.keySet()).forEach(this::close);
    }
}
