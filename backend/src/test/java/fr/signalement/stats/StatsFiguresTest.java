package fr.signalement.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.PostgisDatabase;
import fr.signalement.common.Time;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a known data set (alerts, reports and REOPENED events with chosen timestamps, inserted with
 * SQL) and checks every dashboard figure against a computation in plain Java over the same rows,
 * read back from the tables (so rows left by other tests in the shared database count on both sides).
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class StatsFiguresTest {
    static final String FROM = "2026-01-05", TO = "2026-02-28";
    static final Instant P_FROM = LocalDate.parse(FROM).atStartOfDay(Time.ZONE).toInstant();
    static final Instant P_TO = LocalDate.parse(TO).plusDays(1).atStartOfDay(Time.ZONE).toInstant();
    static final Set<String> OPEN = Set.of("NEW", "QUALIFIED", "ASSIGNED", "IN_PROGRESS");
    static final ObjectMapper JSON = new ObjectMapper();
    static boolean loaded;

    @Inject
    AgroalDataSource db;

    record A(long id, String category, String service, String quartier, String channel, String status, Instant first,
             Instant qualified, Instant assigned, Instant resolved, Instant due, Long mergedInto, int reopenedCount) {
    }

    record R(long alertId, String channel, Instant received) {
    }

    record E(long alertId, Instant at) {
    }

    // ---------------------------------------------------------------- the known data set

    @BeforeEach
    void load() throws Exception {
        if (loaded) return;
        loaded = true;
        Random rnd = new Random(20260105);
        try (Connection c = db.getConnection()) {
            List<long[]> cats = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT ON (service_id) id, service_id FROM category ORDER BY service_id, id LIMIT 4")) {
                while (rs.next()) cats.add(new long[]{rs.getLong(1), rs.getLong(2)});
            }
            List<String> quartiers = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT code FROM quartier ORDER BY code LIMIT 3")) {
                while (rs.next()) quartiers.add(rs.getString(1));
            }
            quartiers.add(null);
            String[] channels = {"pwa", "pwa", "phone", "counter", null};
            Instant start = P_FROM.minus(10, ChronoUnit.DAYS), end = P_TO.plus(5, ChronoUnit.DAYS);
            List<Long> ids = new ArrayList<>();
            int n = 260;
            for (int i = 0; i < n + 40; i++) {
                boolean recent = i >= n; // open alerts of the last 40 days, for the backlog
                Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                Instant first = recent ? now.minusSeconds(rnd.nextInt(40 * 24 * 3600))
                        : start.plusSeconds((long) (rnd.nextDouble() * Duration.between(start, end).getSeconds()));
                long[] cat = cats.get(rnd.nextInt(cats.size()));
                Instant due = first.plus(new int[]{24, 48, 168}[rnd.nextInt(3)], ChronoUnit.HOURS);
                Instant q = null, as = null, res = null, closed = null;
                String status = "NEW";
                if (rnd.nextDouble() < 0.85) { q = first.plusSeconds(rnd.nextInt(72 * 3600)); status = "QUALIFIED"; }
                if (q != null && rnd.nextDouble() < 0.8) { as = q.plusSeconds(rnd.nextInt(100 * 3600)); status = rnd.nextBoolean() ? "ASSIGNED" : "IN_PROGRESS"; }
                if (as != null && rnd.nextDouble() < 0.7) { res = as.plusSeconds(rnd.nextInt(200 * 3600)); status = "RESOLVED"; }
                if (res != null && rnd.nextBoolean()) { closed = res.plus(1, ChronoUnit.DAYS); status = "CLOSED"; }
                if (recent) { // still open
                    res = null; closed = null;
                    if (!OPEN.contains(status)) status = "ASSIGNED";
                    if (q != null && q.isAfter(now)) q = now;
                    if (as != null && as.isAfter(now)) as = now;
                }
                Long merged = null;
                double r = rnd.nextDouble();
                if (res == null && !recent && r < 0.08) status = "REJECTED";
                else if (res == null && !recent && r < 0.12) status = "FORWARDED";
                else if (!recent && r > 0.95 && !ids.isEmpty()) { merged = ids.get(rnd.nextInt(ids.size())); status = "REJECTED"; res = null; closed = null; }
                int reopened = res != null && rnd.nextDouble() < 0.2 ? 1 + rnd.nextInt(2) : 0;
                String quartier = quartiers.get(rnd.nextInt(quartiers.size()));
                String channel = channels[rnd.nextInt(channels.length)];
                long id;
                try (PreparedStatement st = c.prepareStatement("""
                        INSERT INTO alert (category_id, service_id, status, position, quartier_code, report_count,
                          first_report_at, last_report_at, due_at, channel, qualified_at, assigned_at, resolved_at, closed_at,
                          merged_into_id, reopened_count, reject_reason)
                        VALUES (?, ?, ?, ST_SetSRID(ST_MakePoint(2.35, 48.85), 4326), ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
                    st.setLong(1, cat[0]);
                    st.setLong(2, cat[1]);
                    st.setString(3, status);
                    st.setString(4, quartier);
                    st.setObject(5, odt(first));
                    st.setObject(6, odt(first));
                    st.setObject(7, odt(due));
                    st.setString(8, channel);
                    st.setObject(9, odt(q));
                    st.setObject(10, odt(as));
                    st.setObject(11, odt(res));
                    st.setObject(12, odt(closed));
                    st.setObject(13, merged);
                    st.setInt(14, reopened);
                    st.setString(15, merged != null ? "DUPLICATE" : status.equals("REJECTED") ? "NOT_A_PROBLEM" : null);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                ids.add(id);
                // Reports: the first at first_report_at, others up to 10 days later (some after the period).
                long target = merged != null ? merged : id;
                int reports = 1 + rnd.nextInt(4);
                for (int k = 0; k < reports; k++) {
                    Instant at = k == 0 ? first : first.plusSeconds(rnd.nextInt(10 * 24 * 3600));
                    try (PreparedStatement st = c.prepareStatement("""
                            INSERT INTO report (tracking_number, alert_id, category_id, position, channel, received_at, due_at)
                            VALUES ('STAT-' || nextval('report_tracking_seq'), ?, ?, ST_SetSRID(ST_MakePoint(2.35, 48.85), 4326), ?, ?, ?)""")) {
                        st.setLong(1, target);
                        st.setLong(2, cat[0]);
                        st.setString(3, k == 0 && channel != null ? channel : "pwa");
                        st.setObject(4, odt(at));
                        st.setObject(5, odt(due));
                        st.executeUpdate();
                    }
                }
                for (int k = 0; k < reopened; k++) {
                    try (PreparedStatement st = c.prepareStatement(
                            "INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status) VALUES (?, ?, 'REOPENED', 'citoyen', 'RESOLVED', 'QUALIFIED')")) {
                        st.setLong(1, id);
                        st.setObject(2, odt(res.plus(1 + rnd.nextInt(20), ChronoUnit.DAYS)));
                        st.executeUpdate();
                    }
                }
            }
        }
    }

    static OffsetDateTime odt(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant inst(ResultSet rs, String col) throws Exception {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    List<A> alerts() throws Exception {
        List<A> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM alert")) {
            while (rs.next()) {
                long m = rs.getLong("merged_into_id");
                out.add(new A(rs.getLong("id"), rs.getString("category_id"), rs.getString("service_id"),
                        rs.getString("quartier_code"), rs.getString("channel"), rs.getString("status"),
                        inst(rs, "first_report_at"), inst(rs, "qualified_at"), inst(rs, "assigned_at"),
                        inst(rs, "resolved_at"), inst(rs, "due_at"), rs.wasNull() ? null : m, rs.getInt("reopened_count")));
            }
        }
        // rs.wasNull() above refers to due_at; read merged_into_id again properly
        Map<Long, Long> merged = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, merged_into_id FROM alert WHERE merged_into_id IS NOT NULL")) {
            while (rs.next()) merged.put(rs.getLong(1), rs.getLong(2));
        }
        return out.stream().map(a -> new A(a.id, a.category, a.service, a.quartier, a.channel, a.status, a.first, a.qualified,
                a.assigned, a.resolved, a.due, merged.get(a.id), a.reopenedCount)).toList();
    }

    List<R> reports() throws Exception {
        List<R> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT alert_id, channel, received_at FROM report")) {
            while (rs.next()) out.add(new R(rs.getLong(1), rs.getString(2), inst(rs, "received_at")));
        }
        return out;
    }

    List<E> reopenEvents() throws Exception {
        List<E> out = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT alert_id, at FROM alert_event WHERE type = 'REOPENED'")) {
            while (rs.next()) out.add(new E(rs.getLong(1), inst(rs, "at")));
        }
        return out;
    }

    // ---------------------------------------------------------------- the independent computation

    static Function<A, String> key(String by) {
        return switch (by) {
            case "category" -> A::category;
            case "service" -> A::service;
            case "quartier" -> a -> a.quartier == null ? "" : a.quartier;
            case "channel" -> a -> a.channel == null ? "" : a.channel;
            case "week" -> a -> LocalDate.ofInstant(a.first, Time.ZONE).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toString();
            default -> throw new IllegalArgumentException(by);
        };
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
    static Double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return null;
        List<Double> v = values.stream().sorted().toList();
        double pos = p * (v.size() - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return v.get(lo) + (v.get(hi) - v.get(lo)) * (pos - lo);
    }

    static double hours(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 3_600_000.0;
    }

    static boolean reached(Instant step, Instant asOf) {
        return step != null && !step.isAfter(asOf);
    }

    static Map<String, Object> responseRow(List<A> s, Instant asOf) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("alerts", (long) s.size());
        for (String[] step : new String[][]{{"qualified", "qualify"}, {"assigned", "assign"}, {"resolved", "resolve"}}) {
            Function<A, Instant> f = switch (step[0]) {
                case "qualified" -> A::qualified;
                case "assigned" -> A::assigned;
                default -> A::resolved;
            };
            List<Double> h = s.stream().filter(a -> reached(f.apply(a), asOf)).map(a -> hours(a.first, f.apply(a))).toList();
            r.put(step[0], (long) h.size());
            r.put(step[1] + "_median_h", percentile(h, 0.5));
            r.put(step[1] + "_p90_h", percentile(h, 0.9));
        }
        long onTime = s.stream().filter(a -> reached(a.resolved, asOf) && !a.resolved.isAfter(a.due)).count();
        long overdue = s.stream().filter(a -> !reached(a.resolved, asOf) && !Set.of("REJECTED", "FORWARDED").contains(a.status)
                && a.due.isBefore(asOf)).count();
        long resolved = (long) r.get("resolved");
        r.put("resolved_on_time", onTime);
        r.put("open_overdue", overdue);
        r.put("on_time_base", resolved + overdue);
        r.put("on_time_share", resolved + overdue == 0 ? null : (double) onTime / (resolved + overdue));
        List<A> open = s.stream().filter(a -> !reached(a.resolved, asOf) && !Set.of("REJECTED", "FORWARDED").contains(a.status)).toList();
        r.put("still_open", (long) open.size());
        r.put("open_pending", open.stream().filter(a -> !a.due.isBefore(asOf)).count());
        return r;
    }

    static Map<String, Map<String, Object>> grouped(List<A> s, Function<A, String> key, Function<List<A>, Map<String, Object>> row) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        out.put("total", row.apply(s));
        s.stream().collect(Collectors.groupingBy(key)).forEach((k, g) -> out.put(k, row.apply(g)));
        return out;
    }

    static boolean inPeriod(Instant t) {
        return !t.isBefore(P_FROM) && t.isBefore(P_TO);
    }

    List<A> cohort(List<A> all) {
        return all.stream().filter(a -> inPeriod(a.first) && a.mergedInto == null).toList();
    }

    // ---------------------------------------------------------------- comparison

    static fr.signalement.Staff.Account supervisor;

    /** Requests as a real supervisor account (the figures read the account's commune scope). */
    static io.restassured.specification.RequestSpecification sup() {
        if (supervisor == null) supervisor = fr.signalement.Staff.create("SUPERVISOR", null);
        return given().header("Authorization", "Bearer " + supervisor.token());
    }


    static Map<String, Object> get(String path) throws Exception {
        String body = sup().accept("application/json").get(path).then().statusCode(200).extract().asString();
        @SuppressWarnings("unchecked") Map<String, Object> m = JSON.readValue(body, Map.class);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void assertTable(Map<String, Map<String, Object>> expected, Map<String, Object> table) {
        Map<String, Map<String, Object>> actual = new TreeMap<>();
        actual.put("total", (Map<String, Object>) table.get("total"));
        for (Map<String, Object> row : (List<Map<String, Object>>) table.get("rows")) actual.put((String) row.get("key"), row);
        assertEquals(expected.keySet(), actual.keySet(), "groups of " + table.get("name") + " by " + table.get("dimension"));
        expected.forEach((k, exp) -> exp.forEach((col, v) -> {
            Object got = actual.get(k).get(col);
            String what = table.get("name") + "/" + table.get("dimension") + "/" + k + "/" + col;
            if (v == null) assertNull(got, what);
            else if (v instanceof Boolean) assertEquals(v, got, what);
            else {
                assertNotNull(got, what);
                assertEquals(((Number) v).doubleValue(), ((Number) got).doubleValue(), 1e-6, what);
            }
        }));
    }

    static final String PERIOD = "?from=" + FROM + "&to=" + TO;

    @Test
    void responseTimesMatchJava() throws Exception {
        List<A> cohort = cohort(alerts());
        assertTrue(cohort.size() > 150, "the known data set is in the period");
        for (String by : List.of("category", "service", "quartier", "channel")) {
            Map<String, Object> t = get("/api/v1/stats/response-times" + PERIOD + "&by=" + by);
            assertEquals(P_TO.toString(), t.get("asOf"));
            assertTable(grouped(cohort, key(by), s -> responseRow(s, P_TO)), t);
        }
        Map<String, Object> total = (Map<String, Object>) get("/api/v1/stats/response-times" + PERIOD).get("total");
        double share = ((Number) total.get("on_time_share")).doubleValue();
        assertTrue(share > 0 && share < 1, "a meaningful share: " + share);
        assertTrue(((Number) total.get("open_overdue")).longValue() > 0, "overdue open alerts count against the share");
    }

    /**
     * The trend's weeks computed in Java: a week is in progress when it ends after asOf or one of its
     * alerts is still open before its deadline; its share and resolution times are then left out
     * unless {@code includeCurrent}.
     */
    static Map<String, Map<String, Object>> weeks(List<A> cohort, Instant asOf, boolean includeCurrent) {
        Map<String, Map<String, Object>> exp = grouped(cohort, key("week"), s -> responseRow(s, asOf));
        exp.forEach((week, row) -> {
            if (week.equals("total")) return;
            boolean ended = !LocalDate.parse(week).plusDays(7).atStartOfDay(Time.ZONE).toInstant().isAfter(asOf);
            boolean pending = cohort.stream().filter(a -> key("week").apply(a).equals(week))
                    .anyMatch(a -> !reached(a.resolved, asOf) && !Set.of("REJECTED", "FORWARDED").contains(a.status) && !a.due.isBefore(asOf));
            row.put("in_progress", !ended || pending);
            if ((!ended || pending) && !includeCurrent) {
                row.put("on_time_share", null);
                row.put("resolve_median_h", null);
                row.put("resolve_p90_h", null);
            }
        });
        return exp;
    }

    @SuppressWarnings("unchecked")
    static void assertInProgress(Map<String, Map<String, Object>> expected, Map<String, Object> table) {
        for (Map<String, Object> row : (List<Map<String, Object>>) table.get("rows"))
            assertEquals(expected.get((String) row.get("key")).get("in_progress"), row.get("in_progress"), "in progress: " + row.get("key"));
    }

    static Map<String, Object> row(Map<String, Object> table, String key) {
        @SuppressWarnings("unchecked") List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
        return rows.stream().filter(r -> key.equals(r.get("key"))).findFirst().orElseThrow(() -> new AssertionError("no row " + key));
    }

    @Test
    void weeklyTrendMatchesJava() throws Exception {
        List<A> cohort = cohort(alerts());
        Map<String, Object> t = get("/api/v1/stats/trend" + PERIOD);
        Map<String, Map<String, Object>> exp = weeks(cohort, P_TO, false);
        assertTable(exp, t);
        assertInProgress(exp, t);
        Map<String, Map<String, Object>> all = weeks(cohort, P_TO, true);
        Map<String, Object> asked = get("/api/v1/stats/trend" + PERIOD + "&includeCurrent=true");
        assertTable(all, asked);
        assertInProgress(all, asked);
        List<String> weeks = ((List<Map<String, Object>>) t.get("rows")).stream().map(r -> (String) r.get("key")).toList();
        assertEquals(weeks.stream().sorted().toList(), weeks, "weeks in order");
        assertEquals("2026-01-05", weeks.get(0));
        // The period ends on Saturday 28 February: its last week is not over at asOf, the first ones are settled.
        assertEquals(true, row(t, "2026-02-23").get("in_progress"));
        assertNull(row(t, "2026-02-23").get("on_time_share"));
        assertEquals(false, row(t, "2026-01-05").get("in_progress"));
        assertNotNull(row(t, "2026-01-05").get("on_time_share"));
    }

    /**
     * Today's figures: an alert reported an hour ago, due in five days, keeps its week "en cours"; an
     * alert resolved on time six weeks ago is in a settled week. Compared with Java over every alert.
     */
    @Test
    void aWeekWithAlertsStillWithinTheirDeadlineIsInProgress() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long pending = insertAt(126, now.minus(1, ChronoUnit.HOURS), now.plus(5, ChronoUnit.DAYS), null);
        long old = insertAt(127, now.minus(42, ChronoUnit.DAYS), now.minus(40, ChronoUnit.DAYS), now.minus(41, ChronoUnit.DAYS));
        Map<String, Object> t = get("/api/v1/stats/trend");
        Instant from = Instant.parse((String) t.get("from")), to = Instant.parse((String) t.get("to")), asOf = Instant.parse((String) t.get("asOf"));
        List<A> all = alerts();
        List<A> cohort = all.stream().filter(a -> !a.first.isBefore(from) && a.first.isBefore(to) && a.mergedInto == null).toList();
        Map<String, Map<String, Object>> exp = weeks(cohort, asOf, false);
        assertTable(exp, t);
        assertInProgress(exp, t);
        A p = all.stream().filter(a -> a.id == pending).findFirst().orElseThrow();
        Map<String, Object> current = row(t, key("week").apply(p));
        assertEquals(true, current.get("in_progress"));
        assertTrue(((Number) current.get("open_pending")).longValue() >= 1);
        assertNull(current.get("on_time_share"));
        A o = all.stream().filter(a -> a.id == old).findFirst().orElseThrow();
        assertTrue(((Number) row(t, key("week").apply(o)).get("resolved_on_time")).longValue() >= 1);
        Map<String, Object> asked = get("/api/v1/stats/trend?includeCurrent=true");
        assertTable(weeks(cohort, Instant.parse((String) asked.get("asOf")), true), asked);
        String csv = sup().get("/api/v1/stats/trend?format=csv").then().statusCode(200).extract().asString();
        assertTrue(csv.contains(";Période en cours\r\n"), csv.lines().findFirst().orElse(""));
        assertTrue(csv.contains(";oui\r\n"), "weeks in progress say so in the CSV");
    }

    /** An alert at spot i, first reported at {@code first}, resolved at {@code resolved} (or still assigned). */
    long insertAt(int spot, Instant first, Instant due, Instant resolved) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("""
                INSERT INTO alert (category_id, service_id, status, position, report_count, first_report_at, last_report_at,
                  due_at, channel, qualified_at, assigned_at, resolved_at)
                SELECT id, service_id, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), 1, ?, ?, ?, 'pwa', ?, ?, ?
                FROM category WHERE code = ? RETURNING id""")) {
            st.setString(1, resolved == null ? "ASSIGNED" : "RESOLVED");
            st.setDouble(2, fr.signalement.Spots.lon(spot));
            st.setDouble(3, fr.signalement.Spots.lat(spot));
            st.setObject(4, odt(first));
            st.setObject(5, odt(first));
            st.setObject(6, odt(due));
            st.setObject(7, odt(first.plusSeconds(60)));
            st.setObject(8, odt(first.plusSeconds(120)));
            st.setObject(9, odt(resolved));
            st.setString(10, fr.signalement.Spots.POTHOLE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    @TestSecurity(user = "admin", roles = "ADMIN")
    void backlogMatchesJava() throws Exception {
        Map<String, Object> t = get("/api/v1/stats/backlog?by=quartier");
        Instant now = Instant.parse((String) t.get("asOf"));
        List<A> open = alerts().stream().filter(a -> OPEN.contains(a.status)).toList();
        Function<List<A>, Map<String, Object>> row = s -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("open", (long) s.size());
            long[] b = new long[5];
            for (A a : s) {
                double d = hours(a.first, now) / 24;
                b[d < 1 ? 0 : d < 3 ? 1 : d < 7 ? 2 : d < 30 ? 3 : 4]++;
            }
            String[] names = {"age_lt_1d", "age_1_3d", "age_3_7d", "age_7_30d", "age_gt_30d"};
            for (int i = 0; i < 5; i++) r.put(names[i], b[i]);
            r.put("overdue", s.stream().filter(a -> a.due.isBefore(now)).count());
            r.put("reopened", s.stream().filter(a -> a.reopenedCount > 0).count());
            return r;
        };
        assertTable(grouped(open, key("quartier"), row), t);
        assertTable(grouped(open, key("service"), row), get("/api/v1/stats/backlog"));
        assertTrue(((Number) ((Map<String, Object>) t.get("total")).get("age_7_30d")).longValue() > 0);
    }

    @Test
    void deduplicationMatchesJava() throws Exception {
        List<A> all = alerts();
        Map<Long, A> byId = all.stream().collect(Collectors.toMap(A::id, a -> a));
        List<R> reports = reports().stream().filter(r -> inPeriod(r.received)).toList();
        for (String by : List.of("category", "service", "quartier", "channel")) {
            Function<A, String> k = key(by);
            Function<R, String> rk = by.equals("channel") ? R::channel : r -> k.apply(byId.get(r.alertId));
            Map<String, Map<String, Object>> exp = new TreeMap<>();
            List<A> created = all.stream().filter(a -> inPeriod(a.first)).toList();
            Set<String> keys = new java.util.TreeSet<>();
            created.forEach(a -> keys.add(k.apply(a)));
            reports.forEach(r -> keys.add(rk.apply(r)));
            keys.add("total");
            for (String key : keys) {
                Predicate<A> ak = key.equals("total") ? a -> true : a -> key.equals(k.apply(a));
                Predicate<R> rr = key.equals("total") ? r -> true : r -> key.equals(rk.apply(r));
                long rep = reports.stream().filter(rr).count();
                long al = created.stream().filter(ak).filter(a -> a.mergedInto == null).count();
                long merged = created.stream().filter(ak).filter(a -> a.mergedInto != null).count();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("reports", rep);
                row.put("alerts", al);
                row.put("merged", merged);
                row.put("reports_per_alert", al == 0 ? null : (double) rep / al);
                row.put("saved_share", rep == 0 ? null : 1 - (double) al / rep);
                exp.put(key, row);
            }
            assertTable(exp, get("/api/v1/stats/deduplication" + PERIOD + "&by=" + by));
        }
    }

    @Test
    void reopenedMatchesJava() throws Exception {
        List<A> cohort = cohort(alerts());
        Map<Long, Long> events = reopenEvents().stream().filter(e -> !e.at.isAfter(P_TO))
                .collect(Collectors.groupingBy(E::alertId, Collectors.counting()));
        for (String by : List.of("category", "service", "quartier", "channel")) {
            Map<String, Object> t = get("/api/v1/stats/reopened" + PERIOD + "&by=" + by);
            assertTable(grouped(cohort, key(by), s -> {
                Map<String, Object> r = new LinkedHashMap<>();
                long resolved = s.stream().filter(a -> reached(a.resolved, P_TO)).count();
                long reopened = s.stream().filter(a -> events.containsKey(a.id)).count();
                r.put("resolved", resolved);
                r.put("reopened_alerts", reopened);
                r.put("reopen_events", s.stream().mapToLong(a -> events.getOrDefault(a.id, 0L)).sum());
                r.put("reopened_share", resolved == 0 ? null : (double) reopened / resolved);
                return r;
            }), t);
        }
        Map<String, Object> total = (Map<String, Object>) get("/api/v1/stats/reopened" + PERIOD).get("total");
        assertTrue(((Number) total.get("reopened_alerts")).longValue() > 0);
    }

    @Test
    void everyTableExportsAsCsv() throws Exception {
        for (String path : List.of("response-times" + PERIOD + "&by=service", "trend" + PERIOD, "backlog?by=channel",
                "deduplication" + PERIOD, "reopened" + PERIOD + "&by=quartier")) {
            String json = sup().accept("application/json").get("/api/v1/stats/" + path).then().statusCode(200).extract().asString();
            String csv = sup().get("/api/v1/stats/" + path + (path.contains("?") ? "&" : "?") + "format=csv").then().statusCode(200)
                    .header("Content-Type", org.hamcrest.Matchers.startsWith("text/csv"))
                    .header("Content-Disposition", org.hamcrest.Matchers.containsString(".csv")).extract().asString();
            String viaAccept = sup().accept("text/csv").get("/api/v1/stats/" + path).then().statusCode(200).extract().asString();
            assertEquals(csv, viaAccept);
            String[] lines = csv.strip().split("\r\n");
            assertTrue(lines[0].startsWith("\uFEFF") || lines[0].startsWith("Regroupement") || lines[0].startsWith("Semaine"), lines[0]);
            assertTrue(lines[1].startsWith("Total") || lines[1].startsWith("total"), lines[1]);
            int rows = 1 + ((List<?>) JSON.readValue(json, Map.class).get("rows")).size(); // total + rows
            assertEquals(rows, lines.length - 1, path);
        }
    }

    @Test
    void csvFollowsTheFrenchSpreadsheetConventionOrTheInternationalOne() {
        String path = "/api/v1/stats/response-times" + PERIOD + "&by=channel";
        String fr = sup().get(path + "&format=csv").then().statusCode(200).extract().asString();
        String intl = sup().get(path + "&format=csv-international").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("-international.csv")).extract().asString();
        assertTrue(fr.startsWith("\uFEFF") && intl.startsWith("\uFEFF"), "UTF-8 byte-order mark");
        String[] frLines = fr.strip().split("\r\n");
        String[] intlLines = intl.strip().split("\r\n");
        int columns = frLines[0].split(";", -1).length;
        assertTrue(columns > 3, frLines[0]);
        assertEquals(columns, intlLines[0].split(",", -1).length, intlLines[0]);
        assertEquals(frLines.length, intlLines.length);
        for (int i = 1; i < frLines.length; i++) {
            // Same cells: the French line is the international one with its separators swapped.
            String[] f = frLines[i].split(";", -1);
            String[] n = intlLines[i].split(",", -1);
            assertEquals(columns, f.length, frLines[i]);
            assertEquals(columns, n.length, intlLines[i]);
            for (int c = 0; c < columns; c++) {
                assertEquals(n[c].replace('.', ','), f[c], "cell " + c + " of line " + i);
                assertTrue(!f[c].matches("-?\\d+\\.\\d+"), "no decimal point in French: " + f[c]);
            }
        }
        assertTrue(fr.matches("(?s).*;\\d+,\\d{4}.*"), "decimal commas: " + frLines[1]);
    }

    @Test
    void badParametersAreProblems() {
        sup().get("/api/v1/stats/response-times?by=email").then().statusCode(400);
        sup().get("/api/v1/stats/response-times?from=hier").then().statusCode(400);
        sup().get("/api/v1/stats/response-times?from=2026-03-01&to=2026-01-01").then().statusCode(400);
    }

    @Test
    @TestSecurity(user = "agent", roles = "AGENT")
    void otherRolesAreRefused() {
        given().get("/api/v1/stats/response-times").then().statusCode(403);
        given().get("/api/v1/stats/backlog").then().statusCode(403);
    }

    @Test
    void anonymousIsRefused() {
        given().get("/api/v1/stats/response-times").then().statusCode(401);
    }

}
