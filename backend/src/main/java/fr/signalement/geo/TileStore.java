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
import java.util.Optional;

/**
 * The commune pack's vector tiles, read from its MBTiles file (an SQLite database, rows in TMS
 * order). One read-only connection, shared: a tile is one primary-key read of a few hundred KB at
 * most, and browsers keep tiles for a day.
 */
@ApplicationScoped
public class TileStore {
    private static final Logger LOG = Logger.getLogger(TileStore.class);

    /** A tile as stored: gzip-compressed protobuf, and a tag naming this very version of it. */
    public record Tile(byte[] gzipped, String etag) {
    }

    @Inject
    BaseMapConfig config;

    private Connection connection;
    private String version;
    private boolean missingLogged;

    /** Whether the pack carries tiles at all. */
    public boolean available() {
        return Files.isReadable(file());
    }

    /** The tile at z/x/y (XYZ numbering, as web maps ask), empty when the pack has none there. */
    public synchronized Optional<Tile> tile(int z, int x, int y) {
        try {
            Connection c = connection();
            if (c == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
                ps.setInt(1, z);
                ps.setInt(2, x);
                ps.setInt(3, (1 << z) - 1 - y);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Tile(rs.getBytes(1), "\"" + version + "-" + z + "-" + x + "-" + y + "\""))
                            : Optional.empty();
                }
            }
        } catch (SQLException e) {
            close();
            throw new IllegalStateException("Cannot read the tiles of " + file(), e);
        }
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

    private Path file() {
        return Path.of(config.tilesFile());
    }

    private Connection connection() throws SQLException {
        Path f = file();
        if (!Files.isReadable(f)) {
            if (!missingLogged) {
                LOG.warnf("No base map tiles at %s: maps show the commune's outlines only", f.toAbsolutePath());
                missingLogged = true;
            }
            return null;
        }
        String v;
        try {
            // A replaced file (a new pack) gets new tags, so browsers drop their copies.
            v = Long.toString(Files.getLastModifiedTime(f).toMillis(), 36) + Long.toString(Files.size(f), 36);
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        if (connection != null && v.equals(version)) {
            return connection;
        }
        close();
        org.sqlite.SQLiteConfig sc = new org.sqlite.SQLiteConfig();
        sc.setReadOnly(true);
        connection = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath(), sc.toProperties());
        version = v;
        return connection;
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a read-only file: nothing to lose
            }
            connection = null;
        }
    }

    synchronized void onStop(@Observes ShutdownEvent e) {
        close();
    }
}
