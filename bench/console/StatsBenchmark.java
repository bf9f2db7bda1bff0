import fr.signalement.common.Time;
import fr.signalement.stats.Dimension;
import fr.signalement.stats.Period;
import fr.signalement.stats.StatsQueries;

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
import java.util.List;
import java.util.Locale;

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

    record Q(String name, String sql, Period period) {
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
        queries.add(new Q("baseline: SELECT count(*) FROM alert", "SELECT count(*) FROM alert", year));
        for (Dimension d : List.of(Dimension.CATEGORY, Dimension.SERVICE, Dimension.QUARTIER, Dimension.CHANNEL)) {
            queries.add(new Q("response-times by " + d.code + ", 12 months", StatsQueries.responseTimesSql(d), year));
        }
        queries.add(new Q("response-times by category, 3 months", StatsQueries.responseTimesSql(Dimension.CATEGORY), quarter));
        queries.add(new Q("trend (weekly), 12 months", StatsQueries.responseTimesSql(Dimension.WEEK), year));
        queries.add(new Q("backlog by service (now)", StatsQueries.backlogSql(Dimension.SERVICE), now));
        queries.add(new Q("backlog by quartier (now)", StatsQueries.backlogSql(Dimension.QUARTIER), now));
        queries.add(new Q("deduplication by category, 12 months", StatsQueries.deduplicationSql(Dimension.CATEGORY), year));
        queries.add(new Q("deduplication by channel, 3 months", StatsQueries.deduplicationSql(Dimension.CHANNEL), quarter));
        queries.add(new Q("reopened by category, 12 months", StatsQueries.reopenedSql(Dimension.CATEGORY), year));

        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""))) {
            String counts;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT (SELECT count(*) FROM alert), (SELECT count(*) FROM report), (SELECT count(*) FROM alert_event), version()")) {
                rs.next();
                counts = "%,d alerts, %,d reports, %,d timeline events; %s".formatted(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getString(4).replaceAll(" on .*", ""));
            }
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
                int rows = StatsQueries.run(c, queries.get(i).sql(), queries.get(i).period()).size();
                out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f× | %.1f | %.1f× | %d |%n", queries.get(i).name(),
                        with[i], with[i] / with[0], without[i], without[i] / without[0], rows));
            }
            double worst = 0;
            for (int i = 1; i < queries.size(); i++) worst = Math.max(worst, with[i]);
            out.append(String.format(Locale.ROOT, "%nSlowest dashboard query with the indexes: %.1f ms; a whole dashboard page runs 5 of them.%n", worst));
        }
        String file = System.getenv().getOrDefault("BENCH_OUT", "target/stats-benchmark.md");
        Files.writeString(Path.of(file), out.toString());
        System.out.println(out);
    }

    static double[] measure(Connection c, List<Q> queries) throws Exception {
        double[] medians = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            Q q = queries.get(i);
            StatsQueries.run(c, q.sql(), q.period()); // warm-up
            double[] t = new double[RUNS];
            for (int k = 0; k < RUNS; k++) {
                long t0 = System.nanoTime();
                StatsQueries.run(c, q.sql(), q.period());
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
