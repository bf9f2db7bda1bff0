import fr.signalement.common.Time;
import fr.signalement.stats.Dimension;
import fr.signalement.stats.Period;
import fr.signalement.stats.StatsQueries;
import fr.signalement.stats.StatsQuery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Times every dashboard query — the production SQL of {@link StatsQueries} — on a database seeded by
 * bench/console/seed.sql (100,000 alerts), against a baseline ({@code SELECT count(*) FROM alert})
 * measured in the same run, with the V8 indexes and without them (dropped inside a transaction that
 * is rolled back). A single-file program that bench/console/run.sh runs with the packaged backend on
 * its class path, so it times the product's own SQL, not a copy. BENCH_JDBC names the database;
 * BENCH_OUT the Markdown file the table is written to.
 */
public class StatsBenchmark {
    static final int RUNS = 9;
    static final List<String> V8_INDEXES = List.of("alert_stats_cohort_idx", "alert_stats_open_idx",
            "report_stats_received_idx", "alert_event_reopened_idx");

    record Q(String name, StatsQuery query, Period period) {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("BENCH_JDBC");
        if (url == null || url.isBlank()) {
            System.err.println("BENCH_JDBC must name the seeded database, e.g. jdbc:postgresql://127.0.0.1:5432/signalement_bench_console");
            System.exit(2);
        }
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(Time.ZONE);
        Period year = Period.parse(today.minusDays(364).toString(), today.toString(), clock);
        Period quarter = Period.parse(today.minusDays(90).toString(), today.toString(), clock);
        Period now = new Period(clock.instant(), clock.instant(), clock.instant());
        List<Q> queries = new ArrayList<>();
        queries.add(new Q("baseline: SELECT count(*) FROM alert", 
                // On one process, as in every earlier run, so the ratios compare across runs.
                (c, p, communes, settings) -> StatsQueries.sql("SELECT count(*) FROM alert")
                        .run(c, p, null, new StatsQueries.Settings(StatsQueries.WORK_MEM, false)), year));
        for (Dimension d : List.of(Dimension.CATEGORY, Dimension.SERVICE, Dimension.QUARTIER, Dimension.CHANNEL)) {
            queries.add(new Q("response-times by " + d.code + ", 12 months", StatsQueries.responseTimes(d), year));
        }
        queries.add(new Q("response-times by category, 3 months", StatsQueries.responseTimes(Dimension.CATEGORY), quarter));
        queries.add(new Q("trend (weekly), 12 months", StatsQueries.responseTimes(Dimension.WEEK), year));
        queries.add(new Q("backlog by service (now)", StatsQueries.backlog(Dimension.SERVICE), now));
        queries.add(new Q("backlog by quartier (now)", StatsQueries.backlog(Dimension.QUARTIER), now));
        queries.add(new Q("deduplication by category, 12 months", StatsQueries.deduplication(Dimension.CATEGORY), year));
        queries.add(new Q("deduplication by channel, 3 months", StatsQueries.deduplication(Dimension.CHANNEL), quarter));
        queries.add(new Q("reopened by category, 12 months", StatsQueries.reopened(Dimension.CATEGORY), year));

        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""))) {
            String counts;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM alert), (SELECT count(*) FROM report), (SELECT count(*) FROM alert_event), version()")) {
                rs.next();
                counts = "%,d alerts, %,d reports, %,d timeline events; %s".formatted(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4).replaceAll(" on .*", ""));
            }
            String same = sameFigures(c, List.of(year, quarter));
            double[] with = measure(c, queries);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String i : V8_INDEXES) s.execute("DROP INDEX " + i);
            }
            double[] without = measure(c, queries);
            c.rollback();
            c.setAutoCommit(true);

            out.append("Data: ").append(counts).append(". Median of ").append(RUNS).append(" runs after one warm-up, in ms; ")
                    .append("ratio = query time ÷ baseline time measured in the same run.\n\n");
            out.append("| query | with V8 indexes (ms) | ratio to baseline | without V8 indexes (ms) | ratio to baseline | rows |\n");
            out.append("|---|---:|---:|---:|---:|---:|\n");
            for (int i = 0; i < queries.size(); i++) {
                int rows = queries.get(i).query().run(c, queries.get(i).period()).size();
                out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f× | %.1f | %.1f× | %d |%n", queries.get(i).name(),
                        with[i], with[i] / with[0], without[i], without[i] / without[0], rows));
            }
            double worst = 0;
            for (int i = 1; i < queries.size(); i++) worst = Math.max(worst, with[i]);
            out.append(String.format(Locale.ROOT, "%nSlowest dashboard query with the indexes: %.1f ms; a whole dashboard page runs 5 of them.%n", worst));
            out.append("\n").append(same).append("\n");
        }
        String file = System.getenv().getOrDefault("BENCH_OUT", "target/stats-benchmark.md");
        Files.writeString(Path.of(file), out.toString());
        System.out.println(out);
    }

    /**
     * Same figures: every response-time table (each dimension, both periods) against PostgreSQL's own
     * {@code percentile_cont} and counts, written here independently of the product's SQL, compared
     * cell by cell to the last bit. Throws if one differs.
     */
    static String sameFigures(Connection c, List<Period> periods) throws Exception {
        Map<Dimension, String> keys = Map.of(
                Dimension.CATEGORY, "a.category_id::text", Dimension.SERVICE, "a.service_id::text",
                Dimension.QUARTIER, "coalesce(a.quartier_code, '')", Dimension.CHANNEL, "coalesce(a.channel, '')",
                Dimension.WEEK, "to_char(date_trunc('week', a.first_report_at AT TIME ZONE '" + Time.ZONE.getId() + "'), 'YYYY-MM-DD')");
        List<String> figures = List.of("alerts", "qualified", "qualify_median_h", "qualify_p90_h", "assigned", "assign_median_h",
                "assign_p90_h", "resolved", "resolve_median_h", "resolve_p90_h", "resolved_on_time", "open_overdue",
                "on_time_base", "still_open", "open_pending", "on_time_share");
        int cells = 0;
        for (Period p : periods) {
            for (Dimension d : Dimension.values()) {
                if (!keys.containsKey(d)) continue;
                String sql = """
                        SELECT coalesce(k, 'total') AS key, count(*) AS alerts,
                          count(*) FILTER (WHERE a.qualified_at <= :asOf) AS qualified,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN a.qualified_at <= :asOf THEN a.qualify_h END) AS qualify_median_h,
                          percentile_cont(0.9) WITHIN GROUP (ORDER BY CASE WHEN a.qualified_at <= :asOf THEN a.qualify_h END) AS qualify_p90_h,
                          count(*) FILTER (WHERE a.assigned_at <= :asOf) AS assigned,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN a.assigned_at <= :asOf THEN a.assign_h END) AS assign_median_h,
                          percentile_cont(0.9) WITHIN GROUP (ORDER BY CASE WHEN a.assigned_at <= :asOf THEN a.assign_h END) AS assign_p90_h,
                          count(*) FILTER (WHERE a.resolved_at <= :asOf) AS resolved,
                          percentile_cont(0.5) WITHIN GROUP (ORDER BY CASE WHEN a.resolved_at <= :asOf THEN a.resolve_h END) AS resolve_median_h,
                          percentile_cont(0.9) WITHIN GROUP (ORDER BY CASE WHEN a.resolved_at <= :asOf THEN a.resolve_h END) AS resolve_p90_h,
                          count(*) FILTER (WHERE a.resolved_at <= :asOf AND a.resolved_at <= a.due_at) AS resolved_on_time,
                          count(*) FILTER (WHERE open AND a.due_at < :asOf) AS open_overdue,
                          count(*) FILTER (WHERE a.resolved_at <= :asOf) + count(*) FILTER (WHERE open AND a.due_at < :asOf) AS on_time_base,
                          count(*) FILTER (WHERE open) AS still_open,
                          count(*) FILTER (WHERE open AND NOT a.due_at < :asOf) AS open_pending,
                          count(*) FILTER (WHERE a.resolved_at <= :asOf AND a.resolved_at <= a.due_at)::float8
                            / nullif(count(*) FILTER (WHERE a.resolved_at <= :asOf) + count(*) FILTER (WHERE open AND a.due_at < :asOf), 0) AS on_time_share
                        FROM (SELECT a.*, %s AS k,
                                (a.resolved_at IS NULL OR a.resolved_at > :asOf) AND a.status NOT IN ('REJECTED', 'FORWARDED') AS open
                              FROM alert a WHERE %s) a
                        GROUP BY ROLLUP (k)
                        """.formatted(keys.get(d), StatsQueries.COHORT);
                Map<String, Map<String, Object>> reference = new HashMap<>();
                for (Map<String, Object> r : StatsQueries.sql(sql).run(c, p)) reference.put((String) r.get("key"), r);
                List<Map<String, Object>> product = StatsQueries.responseTimes(d).run(c, p);
                if (product.size() != reference.size()) {
                    throw new IllegalStateException(d + " " + p + ": " + product.size() + " rows, reference " + reference.size());
                }
                for (Map<String, Object> row : product) {
                    Map<String, Object> ref = reference.get((String) row.get("key"));
                    if (ref == null) throw new IllegalStateException(d + " " + p + ": no reference row for " + row.get("key"));
                    for (String f : figures) {
                        Object a = row.get(f), b = ref.get(f);
                        boolean same = a instanceof Double x && b instanceof Double y
                                ? Double.doubleToLongBits(x) == Double.doubleToLongBits(y)
                                : Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
                        if (!same) throw new IllegalStateException(d + " " + p + " " + row.get("key") + " " + f + ": " + a + " ≠ " + b);
                        cells++;
                    }
                }
            }
        }
        return "Same figures: the response-time tables of every dimension over both periods, " + cells
                + " cells, each equal to the last bit to PostgreSQL's own percentile_cont and counts (computed independently in this program).";
    }

    static double[] measure(Connection c, List<Q> queries) throws Exception {
        double[] medians = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            Q q = queries.get(i);
            q.query().run(c, q.period()); // warm-up
            double[] t = new double[RUNS];
            for (int k = 0; k < RUNS; k++) {
                long t0 = System.nanoTime();
                q.query().run(c, q.period());
                t[k] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(t);
            medians[i] = t[RUNS / 2];
        }
        return medians;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
