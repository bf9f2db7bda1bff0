package fr.signalement.stats;

import fr.signalement.alert.AlertSql;
import fr.signalement.common.NamedSql;
import fr.signalement.stats.Table.Column;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every dashboard figure, computed in SQL over the live tables ({@code alert}, {@code report},
 * {@code alert_event}). Plain JDBC so the benchmark (bench/console) times exactly these queries.
 *
 * <p>Definitions (docs/api.md, "Statistics"): the cohort of a period is the alerts whose first
 * report arrived in {@code [from, to)}, minus those merged into another alert (they are duplicates).
 * Each step counts when it was first reached no later than {@code asOf = min(to, now)}. The share on
 * time is resolved on time ({@code resolved_at <= due_at}) ÷ (resolved + still open and already
 * overdue at {@code asOf}); alerts rejected or forwarded without being resolved are in neither.
 * Every figure comes with the count it is computed over ({@code qualified}, {@code assigned},
 * {@code resolved} for the medians, {@code on_time_base} for the share) and how many are still open
 * ({@code still_open}, of which {@code open_pending} have not reached their deadline: they will enter
 * the share later, so a cohort that has any is not final — see {@link CurrentCohort}).
 */
public final class StatsQueries {
    private StatsQueries() {
    }

    /**
     * The hours from the first report to a step, stored with the alert (V21: generated columns
     * {@code qualify_h}, {@code assign_h}, {@code resolve_h} = {@code extract(epoch FROM step -
     * first_report_at) / 3600.0} as float8), counted only if the step was reached by {@code asOf}.
     */
    static String hoursBy(String step, String hours) {
        return "CASE WHEN a." + step + " <= :asOf THEN a." + hours + " END";
    }

    public static final String COHORT = "a.first_report_at >= :from AND a.first_report_at < :to AND a.merged_into_id IS NULL";

    /** Time to qualify, assign and resolve; share on time ({@link ResponseTimes}). */
    public static StatsQuery responseTimes(Dimension d) {
        return new ResponseTimes(d);
    }

    public static final List<Column> RESPONSE_TIME_COLUMNS = List.of(
            Column.text("label", "Regroupement"), Column.count("alerts", "Alertes"),
            Column.count("qualified", "Qualifiées"), Column.hours("qualify_median_h", "Qualification médiane (h)"),
            Column.hours("qualify_p90_h", "Qualification 90e centile (h)"),
            Column.count("assigned", "Assignées"), Column.hours("assign_median_h", "Assignation médiane (h)"),
            Column.hours("assign_p90_h", "Assignation 90e centile (h)"),
            Column.count("resolved", "Résolues"), Column.hours("resolve_median_h", "Résolution médiane (h)"),
            Column.hours("resolve_p90_h", "Résolution 90e centile (h)"),
            Column.count("resolved_on_time", "Résolues dans les délais"),
            Column.count("open_overdue", "Encore ouvertes après l'échéance"),
            Column.count("on_time_base", "Comptées dans la part"),
            Column.share("on_time_share", "Part dans les délais"),
            Column.count("still_open", "Encore ouvertes (fin de période)"),
            Column.count("open_pending", "Encore ouvertes avant l'échéance"));

    public static StatsQuery backlog(Dimension d) {
        return sql(backlogSql(d));
    }

    /** Open alerts now, by age of their first report, broken down by a dimension. */
    static String backlogSql(Dimension d) {
        return """
                WITH g AS (
                  SELECT %s AS k, grouping(%s) = 1 AS is_total,
                    count(*) AS open,
                    count(*) FILTER (WHERE a.first_report_at > :asOf - interval '1 day') AS age_lt_1d,
                    count(*) FILTER (WHERE a.first_report_at <= :asOf - interval '1 day' AND a.first_report_at > :asOf - interval '3 days') AS age_1_3d,
                    count(*) FILTER (WHERE a.first_report_at <= :asOf - interval '3 days' AND a.first_report_at > :asOf - interval '7 days') AS age_3_7d,
                    count(*) FILTER (WHERE a.first_report_at <= :asOf - interval '7 days' AND a.first_report_at > :asOf - interval '30 days') AS age_7_30d,
                    count(*) FILTER (WHERE a.first_report_at <= :asOf - interval '30 days') AS age_gt_30d,
                    count(*) FILTER (WHERE a.due_at < :asOf) AS overdue,
                    count(*) FILTER (WHERE a.reopened_count > 0) AS reopened
                  FROM alert a
                  WHERE a.status IN %s
                  GROUP BY GROUPING SETS ((%s), ())
                )
                SELECT CASE WHEN is_total THEN 'total' ELSE %s END AS key,
                       CASE WHEN is_total THEN 'Total' ELSE %s END AS label,
                       is_total, open, age_lt_1d, age_1_3d, age_3_7d, age_7_30d, age_gt_30d, overdue, reopened
                FROM g ORDER BY is_total DESC, %s
                """.formatted(d.alertKey, d.alertKey, AlertSql.OPEN, d.alertKey, d.keyText(), d.label, order(d, "open"));
    }

    public static final List<Column> BACKLOG_COLUMNS = List.of(
            Column.text("label", "Regroupement"), Column.count("open", "Alertes encore ouvertes"),
            Column.count("age_lt_1d", "Ouvertes depuis moins d'1 jour"), Column.count("age_1_3d", "Ouvertes depuis 1 à 3 jours"),
            Column.count("age_3_7d", "Ouvertes depuis 3 à 7 jours"), Column.count("age_7_30d", "Ouvertes depuis 7 à 30 jours"),
            Column.count("age_gt_30d", "Ouvertes depuis plus de 30 jours"), Column.count("overdue", "En retard"),
            Column.count("reopened", "Déjà rouvertes"));

    public static StatsQuery deduplication(Dimension d) {
        return sql(deduplicationSql(d));
    }

    /** Reports received vs distinct problems (alerts) created: what deduplication saved. */
    static String deduplicationSql(Dimension d) {
        return """
                WITH al AS (
                  SELECT %s AS k, grouping(%s) = 1 AS is_total,
                    count(*) FILTER (WHERE a.merged_into_id IS NULL) AS alerts,
                    count(*) FILTER (WHERE a.merged_into_id IS NOT NULL) AS merged
                  FROM alert a
                  WHERE a.first_report_at >= :from AND a.first_report_at < :to
                  GROUP BY GROUPING SETS ((%s), ())
                ), rp AS (
                  SELECT %s AS k, grouping(%s) = 1 AS is_total, count(*) AS reports
                  FROM report r JOIN alert a ON a.id = r.alert_id
                  WHERE r.received_at >= :from AND r.received_at < :to
                  GROUP BY GROUPING SETS ((%s), ())
                ), g AS (
                  SELECT coalesce(al.k, rp.k) AS k, coalesce(al.is_total, rp.is_total) AS is_total,
                         coalesce(rp.reports, 0) AS reports, coalesce(al.alerts, 0) AS alerts, coalesce(al.merged, 0) AS merged
                  FROM al FULL JOIN rp ON al.is_total = rp.is_total AND al.k IS NOT DISTINCT FROM rp.k
                )
                SELECT CASE WHEN is_total THEN 'total' ELSE %s END AS key,
                       CASE WHEN is_total THEN 'Total' ELSE %s END AS label,
                       is_total, reports, alerts, merged,
                       reports::float8 / nullif(alerts, 0) AS reports_per_alert,
                       1 - alerts::float8 / nullif(reports, 0) AS saved_share
                FROM g ORDER BY is_total DESC, %s
                """.formatted(d.alertKey, d.alertKey, d.alertKey, d.reportKey, d.reportKey, d.reportKey,
                d.keyText(), d.label, order(d, "reports"));
    }

    public static final List<Column> DEDUPLICATION_COLUMNS = List.of(
            Column.text("label", "Regroupement"), Column.count("reports", "Signalements reçus"),
            Column.count("alerts", "Alertes créées"), Column.count("merged", "Alertes fusionnées par un agent"),
            Column.ratio("reports_per_alert", "Signalements par alerte"),
            Column.share("saved_share", "Part des signalements regroupés"));

    public static StatsQuery reopened(Dimension d) {
        return sql(reopenedSql(d));
    }

    /** Alerts reopened by a reporter as "not fixed" (REOPENED events up to asOf). */
    static String reopenedSql(Dimension d) {
        return """
                WITH e AS (
                  SELECT ev.alert_id, count(*) AS n
                  FROM alert_event ev JOIN alert a ON a.id = ev.alert_id
                  WHERE ev.type = 'REOPENED' AND ev.at <= :asOf AND %s
                  GROUP BY ev.alert_id
                ), g AS (
                  SELECT %s AS k, grouping(%s) = 1 AS is_total,
                    count(*) FILTER (WHERE a.resolved_at <= :asOf) AS resolved,
                    count(e.alert_id) AS reopened_alerts,
                    coalesce(sum(e.n), 0) AS reopen_events
                  FROM alert a LEFT JOIN e ON e.alert_id = a.id
                  WHERE %s
                  GROUP BY GROUPING SETS ((%s), ())
                )
                SELECT CASE WHEN is_total THEN 'total' ELSE %s END AS key,
                       CASE WHEN is_total THEN 'Total' ELSE %s END AS label,
                       is_total, resolved, reopened_alerts, reopen_events,
                       reopened_alerts::float8 / nullif(resolved, 0) AS reopened_share
                FROM g ORDER BY is_total DESC, %s
                """.formatted(COHORT, d.alertKey, d.alertKey, COHORT, d.alertKey, d.keyText(), d.label, order(d, "resolved"));
    }

    public static final List<Column> REOPENED_COLUMNS = List.of(
            Column.text("label", "Regroupement"), Column.count("resolved", "Résolues"),
            Column.count("reopened_alerts", "Rouvertes (« pas réparé »)"),
            Column.count("reopen_events", "Réouvertures"), Column.share("reopened_share", "Part rouverte"));

    private static String order(Dimension d, String count) {
        return d == Dimension.WEEK ? "k" : count + " DESC, label";
    }

    /**
     * A query limited to the alerts of some communes (a town hall's office in an EPCI's deployment):
     * every {@code alert a} it reads becomes those communes' alerts, bound as {@code :communes}.
     */
    static String inCommunes(String sql) {
        return sql.replaceAll("\\balert a\\b",
                "(SELECT * FROM alert WHERE insee_code = ANY (string_to_array(CAST(:communes AS text), ','))) a");
    }

    /**
     * What a statistics query may sort in memory by default ({@code signalement.stats.work-mem}): a
     * 12-month period of 100,000 alerts sorts about 10 MB, which PostgreSQL's default (4MB) spills to disk.
     */
    public static final String WORK_MEM = "32MB";

    /**
     * How PostgreSQL runs one statistics query, set for its own transaction only.
     *
     * @param workMem  work_mem ({@code signalement.stats.work-mem}), or null for the server's setting
     * @param parallel whether to let the planner share the query between worker processes
     *                 ({@code signalement.stats.parallel}): PostgreSQL's default costs (a parallel plan
     *                 must save 1000 units of setup, 0.1 per row handed over) suit short transactions,
     *                 so it kept a year's aggregates on one core; with cheap setup and hand-over it reads
     *                 and aggregates a 12-month period about a quarter faster on two cores (bench/console)
     */
    public record Settings(String workMem, boolean parallel) {
        public static final Settings DEFAULT = new Settings(WORK_MEM, true);
    }

    /** A table that is one statement: its rows as the statement gives them. */
    public static StatsQuery sql(String sql) {
        return (c, p, communes, settings) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            each(c, sql, p, communes, settings, rs -> {
                ResultSetMetaData md = rs.getMetaData();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    if (v instanceof java.math.BigDecimal b) v = b.longValue();
                    row.put(md.getColumnLabel(i), v);
                }
                rows.add(row);
            });
            return rows;
        };
    }

    /** What is done with each row of a statistics statement. */
    @FunctionalInterface
    interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a statistics statement with the period bound to {@code :from}, {@code :to}, {@code :asOf}.
     *
     * @param communes the communes the reader sees, or null for all (the statement as it is)
     */
    static void each(Connection c, String sql, Period p, List<String> communes, Settings settings, RowReader reader)
            throws SQLException {
        // SET LOCAL lasts until the end of the transaction: one is opened if the connection has none,
        // so the pooled connection goes back with the server's settings.
        boolean auto = c.getAutoCommit();
        if (auto) {
            c.setAutoCommit(false);
        }
        try {
            if (settings.workMem() != null) set(c, "work_mem", settings.workMem());
            if (settings.parallel()) {
                set(c, "parallel_setup_cost", "10");
                set(c, "parallel_tuple_cost", "0.001");
            }
            query(c, sql, p, communes, reader);
            if (auto) {
                c.commit();
            }
        } catch (SQLException e) {
            if (auto) {
                c.rollback();
            }
            throw e;
        } finally {
            if (auto) {
                c.setAutoCommit(true);
            }
        }
    }

    private static void set(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            st.setString(1, name);
            st.setString(2, value);
            st.execute();
        }
    }

    private static void query(Connection c, String sql, Period p, List<String> communes, RowReader reader) throws SQLException {
        Object[] params = communes == null ? new Object[]{"from", p.from(), "to", p.to(), "asOf", p.asOf()}
                : new Object[]{"from", p.from(), "to", p.to(), "asOf", p.asOf(), "communes", String.join(",", communes)};
        try (PreparedStatement st = new NamedSql(communes == null ? sql : inCommunes(sql)).prepare(c, params);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }
}
