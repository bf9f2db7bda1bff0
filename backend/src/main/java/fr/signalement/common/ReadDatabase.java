package fr.signalement.common;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where heavy reads go (statistics, their CSV exports, the dashboard): the PostgreSQL streaming
 * replica named {@code reads} when one is configured ({@code quarkus.datasource.reads.*}), so the
 * primary keeps its cores for intake; the primary otherwise, and whenever the replica cannot be
 * reached (figures a few seconds old, or live ones: never none). Connections are read-only.
 */
@ApplicationScoped
public class ReadDatabase {
    private static final Logger LOG = Logger.getLogger(ReadDatabase.class);

    @Inject
    AgroalDataSource primary;
    @Inject
    @DataSource("reads")
    InjectableInstance<AgroalDataSource> reads;

    /** Whether a replica is configured (quarkus.datasource.reads.active=true). */
    public boolean replicaConfigured() {
        return !reads.listActive().isEmpty();
    }

    /** Work on a read-only connection. */
    @FunctionalInterface
    public interface Reading<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * Runs {@code reading} on the replica; if the replica fails (down, restarting, a pooled connection
     * it broke), once more on the primary. Reads only: running one twice is harmless.
     */
    public <T> T read(Reading<T> reading) throws SQLException {
        List<AgroalDataSource> replica = reads.listActive();
        if (!replica.isEmpty()) {
            try (Connection c = readOnly(replica.get(0).getConnection())) {
                return reading.on(c);
            } catch (SQLException e) {
                LOG.warnf("Read replica unavailable, reading from the primary: %s", e.getMessage());
            }
        }
        try (Connection c = readOnly(primary.getConnection())) {
            return reading.on(c);
        }
    }

    /** A connection to the replica if one is configured and answers, else to the primary; the caller closes it. */
    public Connection connection() throws SQLException {
        List<AgroalDataSource> replica = reads.listActive();
        if (!replica.isEmpty()) {
            try {
                return readOnly(replica.get(0).getConnection());
            } catch (SQLException e) {
                LOG.warnf("Read replica unavailable, reading from the primary: %s", e.getMessage());
            }
        }
        return readOnly(primary.getConnection());
    }

    private static Connection readOnly(Connection c) throws SQLException {
        c.setReadOnly(true);
        return c;
    }
}
