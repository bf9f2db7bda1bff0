package fr.signalement.stats;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One dashboard table's figures over a period: its rows in order, the total row first
 * ({@code is_total}). Most are one SQL statement of {@link StatsQueries}; the response times are
 * computed by {@link ResponseTimes}.
 */
@FunctionalInterface
public interface StatsQuery {
    /** @param communes the communes whose alerts are counted, or null for all of them */
    List<Map<String, Object>> run(Connection c, Period p, List<String> communes, StatsQueries.Settings settings) throws SQLException;

    /** With the default settings, for every commune. */
    default List<Map<String, Object>> run(Connection c, Period p) throws SQLException {
        return run(c, p, null, StatsQueries.Settings.DEFAULT);
    }
}
