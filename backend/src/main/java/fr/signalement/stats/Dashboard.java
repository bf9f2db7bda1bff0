package fr.signalement.stats;

import fr.signalement.common.ReadDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Runs one dashboard query of {@link StatsQueries} over a period and lays its rows out as a {@link Table}. */
@ApplicationScoped
public class Dashboard {
    @Inject
    ReadDatabase db;
    /** PostgreSQL work_mem for one statistics query. */
    @ConfigProperty(name = "signalement.stats.work-mem", defaultValue = StatsQueries.WORK_MEM)
    String workMem;
    /** Whether PostgreSQL may share one statistics query between worker processes ({@link StatsQueries.Settings}). */
    @ConfigProperty(name = "signalement.stats.parallel", defaultValue = "true")
    boolean parallel;

    /**
     * The query's total row (is_total) apart from the others, in the query's order.
     *
     * @param communes the communes whose alerts are counted, or null for all of them
     */
    Table table(String name, String title, Period p, Dimension d, StatsQuery query, List<Table.Column> columns, List<String> communes) {
        List<Map<String, Object>> rows;
        // From the read replica when there is one.
        try {
            rows = db.read(c -> query.run(c, p, communes, new StatsQueries.Settings(workMem, parallel)));
        } catch (SQLException e) {
            throw new IllegalStateException("Statistics query failed: " + name, e);
        }
        Map<String, Object> total = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("is_total"))).findFirst().orElse(null);
        List<Map<String, Object>> body = rows.stream().filter(r -> !Boolean.TRUE.equals(r.get("is_total")))
                .peek(r -> r.remove("is_total")).toList();
        if (total != null) total.remove("is_total");
        return new Table(name, title, p.from(), p.to(), p.asOf(), d.code, columns, total, body);
    }
}
