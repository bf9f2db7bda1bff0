package fr.signalement.common;

import jakarta.ws.rs.core.Response;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * The database is down or restarting: 503 with {@code Retry-After}, not a 500. The failure reaches
 * us wrapped in whatever layer met it (Hibernate, JTA, a query class), so the cause chain is read.
 * The connection pool recovers by itself once PostgreSQL answers again (see the pool settings in
 * application.properties); the client only has to try again.
 */
public class DatabaseUnavailableMapper {
    private static final Logger LOG = Logger.getLogger(DatabaseUnavailableMapper.class);
    static final int RETRY_AFTER_SECONDS = 10;
    /** PostgreSQL's "the server is going away or not there yet" states (class 08 is every connection failure). */
    private static final Set<String> SHUTTING_DOWN = Set.of("57P01", "57P02", "57P03", "53300");

    /** Runs before {@link ProblemMappers#unexpected} (same type, higher priority) and hands it everything else. */
    @ServerExceptionMapper(priority = 9_000)
    public Response map(Throwable e) {
        if (!unavailable(e)) {
            return new ProblemMappers().unexpected(e);
        }
        LOG.warnf("Database unavailable, answered 503: %s", e.toString());
        Problem p = new Problem(503, "Service momentanément indisponible",
                "La base de données est momentanément indisponible ; rien n'a été enregistré. Réessayez dans quelques instants.",
                null);
        return Response.fromResponse(ProblemMappers.response(p)).header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    /** Whether the failure comes from a database that cannot be reached, as opposed to a bug or bad data. */
    public static boolean unavailable(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof JDBCConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || SHUTTING_DOWN.contains(state))) {
                    return true;
                }
                // Agroal's pool says so in words only, with no SQL state.
                String m = s.getMessage();
                if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
