package fr.signalement.stats;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Time to qualify, assign and resolve (median and 90th centile) and the share on time, by a
 * dimension, with a total row: the response-time tables and the weekly trend (definitions in
 * {@link StatsQueries}).
 *
 * <p>Why the percentiles are taken here and not by {@code percentile_cont}: over a 12-month period
 * of 100,000 alerts, PostgreSQL spent most of the query in six ordered-set aggregates (median and
 * 90th centile of three steps, for each group and again for the total), each feeding and sorting a
 * tuplesort of its own, after sorting every alert by the group's key (bench/console: 170–210 ms on
 * a quiet machine). Here one hash aggregate gathers each group's counts and the hours of each step
 * reached ({@code array_agg}), and the percentiles come from sorting those arrays in Java, where a
 * sort of 100,000 doubles takes a few milliseconds. {@link #percentile} is PostgreSQL's
 * {@code percentile_cont} to the last bit (same positions, same interpolation in the same order),
 * so the figures are unchanged: bench/console compares every cell with {@code percentile_cont}.
 */
public final class ResponseTimes implements StatsQuery {
    private final Dimension d;

    ResponseTimes(Dimension d) {
        this.d = d;
    }

    /**
     * One row per group: its counts, and the hours from the first report to each step reached by
     * {@code asOf} ({@code NULL} when none). The on-time and open flags are those of
     * {@link StatsQueries}' definitions; rejected or forwarded alerts are neither open nor on time.
     */
    String sql() {
        return """
                WITH x AS (
                  SELECT %s AS k, %s AS qh, %s AS ah, %s AS rh,
                    a.resolved_at <= :asOf AND a.resolved_at <= a.due_at AS on_time,
                    (a.resolved_at IS NULL OR a.resolved_at > :asOf) AND a.status NOT IN ('REJECTED', 'FORWARDED') AS open,
                    a.due_at < :asOf AS past_due
                  FROM alert a
                  WHERE %s
                ), g AS (
                  SELECT k, count(*) AS alerts,
                    array_agg(qh) FILTER (WHERE qh IS NOT NULL) AS qualify_hours,
                    array_agg(ah) FILTER (WHERE ah IS NOT NULL) AS assign_hours,
                    array_agg(rh) FILTER (WHERE rh IS NOT NULL) AS resolve_hours,
                    count(*) FILTER (WHERE on_time) AS resolved_on_time,
                    count(*) FILTER (WHERE open AND past_due) AS open_overdue,
                    count(*) FILTER (WHERE open) AS still_open,
                    count(*) FILTER (WHERE open AND NOT past_due) AS open_pending
                  FROM x
                  GROUP BY k
                )
                SELECT %s AS key, %s AS label, alerts, qualify_hours, assign_hours, resolve_hours,
                       resolved_on_time, open_overdue, still_open, open_pending
                FROM g ORDER BY %s
                """.formatted(d.alertKey,
                StatsQueries.hoursBy("qualified_at", "qualify_h"), StatsQueries.hoursBy("assigned_at", "assign_h"),
                StatsQueries.hoursBy("resolved_at", "resolve_h"), StatsQueries.COHORT,
                d.keyText(), d.label, d == Dimension.WEEK ? "k" : "alerts DESC, label");
    }

    @Override
    public List<Map<String, Object>> run(Connection c, Period p, List<String> communes, StatsQueries.Settings settings)
            throws SQLException {
        List<Group> groups = new ArrayList<>();
        StatsQueries.each(c, sql(), p, communes, settings, rs -> groups.add(new Group(
                rs.getString("key"), rs.getString("label"), rs.getLong("alerts"),
                sorted(rs.getArray("qualify_hours")), sorted(rs.getArray("assign_hours")), sorted(rs.getArray("resolve_hours")),
                rs.getLong("resolved_on_time"), rs.getLong("open_overdue"), rs.getLong("still_open"), rs.getLong("open_pending"))));
        List<Map<String, Object>> rows = new ArrayList<>(groups.size() + 1);
        rows.add(total(groups).row(true));
        for (Group g : groups) rows.add(g.row(false));
        return rows;
    }

    /** One group's figures; the hours of each step sorted ascending. */
    record Group(String key, String label, long alerts, double[] qualify, double[] assign, double[] resolve,
                 long resolvedOnTime, long openOverdue, long stillOpen, long openPending) {
        /** The row in the columns of {@link StatsQueries#RESPONSE_TIME_COLUMNS}, as PostgreSQL typed them before. */
        Map<String, Object> row(boolean isTotal) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("key", key);
            r.put("label", label);
            r.put("is_total", isTotal);
            r.put("alerts", alerts);
            step(r, "qualified", "qualify", qualify);
            step(r, "assigned", "assign", assign);
            step(r, "resolved", "resolve", resolve);
            r.put("resolved_on_time", resolvedOnTime);
            r.put("open_overdue", openOverdue);
            long base = resolve.length + openOverdue;
            r.put("on_time_base", base);
            r.put("still_open", stillOpen);
            r.put("open_pending", openPending);
            r.put("on_time_share", base == 0 ? null : (double) resolvedOnTime / (double) base);
            return r;
        }

        private static void step(Map<String, Object> r, String count, String name, double[] hours) {
            r.put(count, (long) hours.length);
            r.put(name + "_median_h", percentile(hours, 0.5));
            r.put(name + "_p90_h", percentile(hours, 0.9));
        }
    }

    /** The total row: every group's counts added, every group's hours together. */
    static Group total(List<Group> groups) {
        long alerts = 0, onTime = 0, overdue = 0, open = 0, pending = 0;
        for (Group g : groups) {
            alerts += g.alerts;
            onTime += g.resolvedOnTime;
            overdue += g.openOverdue;
            open += g.stillOpen;
            pending += g.openPending;
        }
        return new Group("total", "Total", alerts, merged(groups, Group::qualify), merged(groups, Group::assign),
                merged(groups, Group::resolve), onTime, overdue, open, pending);
    }

    private static double[] merged(List<Group> groups, java.util.function.Function<Group, double[]> step) {
        double[] all = new double[groups.stream().mapToInt(g -> step.apply(g).length).sum()];
        int at = 0;
        for (Group g : groups) {
            double[] h = step.apply(g);
            System.arraycopy(h, 0, all, at, h.length);
            at += h.length;
        }
        Arrays.sort(all);
        return all;
    }

    private static double[] sorted(Array array) throws SQLException {
        if (array == null) return new double[0];
        Object[] values = (Object[]) array.getArray();
        double[] hours = new double[values.length];
        for (int i = 0; i < values.length; i++) hours[i] = ((Number) values[i]).doubleValue();
        array.free();
        Arrays.sort(hours);
        return hours;
    }

    /**
     * PostgreSQL's {@code percentile_cont(fraction)} over ascending values, the same arithmetic in
     * the same order (orderedsetaggs.c: rows {@code floor} and {@code ceil} of
     * {@code fraction * (n - 1)}, then {@code lo + (pos - first) * (hi - lo)}); null when there are none.
     */
    static Double percentile(double[] sorted, double fraction) {
        int n = sorted.length;
        if (n == 0) return null;
        double pos = fraction * (n - 1);
        long first = (long) Math.floor(pos);
        long second = (long) Math.ceil(pos);
        double lo = sorted[(int) first];
        if (first == second) return lo;
        double hi = sorted[(int) second];
        return lo + ((pos - first) * (hi - lo));
    }
}
