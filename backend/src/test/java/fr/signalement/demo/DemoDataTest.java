package fr.signalement.demo;

import fr.signalement.PostgisDatabase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo data replayed on a fresh database (its own profile, so its own database): the demo
 * accounts exist as in the demo profile, but the loader is called here, not at start-up.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@TestProfile(DemoDataTest.WithDemoAccounts.class)
class DemoDataTest {
    public static class WithDemoAccounts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signalement.demo.enabled", "true", "quarkus.mailer.mock", "true");
        }
    }

    @Inject
    DemoData demoData;
    @Inject
    EntityManager em;

    long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    @SuppressWarnings("unchecked")
    List<Object[]> rows(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> (List<Object[]>) em.createNativeQuery(sql).getResultList());
    }

    static Instant at(Object o) {
        return o == null ? null : o instanceof Instant i ? i : ((OffsetDateTime) o).toInstant();
    }

    @Test
    void realReportsAreReplayedThroughIntakeAndLifecycleIntoAConsistentPast() {
        assertEquals(0, count("SELECT count(*) FROM report"));
        List<DemoCsv.Row> file = DemoCsv.read();
        // Rows whose sub-type is an enabled category of the catalogue (same group and label).
        long enabledRows = file.stream().filter(r -> count("SELECT count(*) FROM category WHERE enabled AND group_label = '"
                + r.type().replace("'", "''") + "' AND coalesce(internal_label, label) = '" + r.label().replace("'", "''") + "'") > 0).count();
        assertTrue(enabledRows >= 500, "the bundled sample holds enabled categories: " + enabledRows);

        DemoData.Summary s = demoData.load();
        Instant after = Instant.now();
        assertTrue(s.loaded());
        assertTrue(s.took().toSeconds() < 120, "took " + s.took());
        long reports = count("SELECT count(*) FROM report");
        long alerts = count("SELECT count(*) FROM alert");
        assertEquals(enabledRows, reports);
        assertEquals(0, s.skipped());
        assertTrue(alerts < reports, alerts + " alerts for " + reports + " reports");
        assertTrue(count("SELECT count(*) FROM alert WHERE report_count > 1") >= 10, "clusters merged");
        assertEquals(0, count("SELECT count(*) FROM outbox"), "the replayed history writes no e-mail nor push");

        // Nothing in the future; everything within the last ten weeks and a bit.
        for (String sql : List.of("SELECT max(received_at) FROM report", "SELECT max(at) FROM alert_event",
                "SELECT max(greatest(first_report_at, last_report_at, created_at, updated_at, qualified_at, assigned_at, resolved_at, closed_at, last_reopened_at)) FROM alert")) {
            Instant max = QuarkusTransaction.requiringNew().call(() -> at(em.createNativeQuery(sql).getSingleResult()));
            assertFalse(max.isAfter(after), sql + " = " + max);
        }
        Instant min = QuarkusTransaction.requiringNew().call(() -> at(em.createNativeQuery("SELECT min(received_at) FROM report").getSingleResult()));
        assertTrue(min.isAfter(after.minusSeconds(72 * 86400L)) && min.isBefore(after.minusSeconds(63 * 86400L)), "first report " + min);

        // Every step after the previous one.
        assertEquals(0, count("""
                SELECT count(*) FROM alert WHERE
                   first_report_at > last_report_at
                OR created_at <> first_report_at
                OR qualified_at < first_report_at OR assigned_at < coalesce(qualified_at, first_report_at)
                OR resolved_at < coalesce(assigned_at, qualified_at, first_report_at)
                OR closed_at < coalesce(resolved_at, assigned_at, qualified_at, first_report_at)
                OR updated_at < last_report_at
                OR due_at <= first_report_at"""));
        assertEquals(0, count("SELECT count(*) FROM report r JOIN alert a ON a.id = r.alert_id WHERE r.received_at < a.first_report_at OR r.received_at > a.last_report_at OR r.due_at <> a.due_at"));
        assertEquals(0, count("SELECT count(*) FROM alert_event e JOIN report r ON r.id = e.report_id WHERE e.type IN ('CREATED', 'REPORT_ADDED') AND e.at <> r.received_at"));
        assertEquals(0, count("SELECT count(*) FROM alert WHERE status IN ('RESOLVED', 'CLOSED') AND resolved_at IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM alert WHERE status IN ('CLOSED', 'REJECTED', 'FORWARDED') AND closed_at IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM alert WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS') AND (closed_at IS NOT NULL OR resolved_at IS NOT NULL)"));

        // The timeline: status changes chain from NEW to the alert's status, in time order.
        Map<Long, String> status = new java.util.HashMap<>();
        Map<Long, Instant> first = new java.util.HashMap<>();
        for (Object[] r : rows("SELECT id, status, first_report_at FROM alert")) {
            status.put(((Number) r[0]).longValue(), (String) r[1]);
            first.put(((Number) r[0]).longValue(), at(r[2]));
        }
        Map<Long, List<Object[]>> timelines = new java.util.HashMap<>();
        for (Object[] r : rows("""
                SELECT alert_id, from_status, to_status, at, type FROM alert_event
                WHERE type IN ('TRANSITION', 'REOPENED') ORDER BY alert_id, at, id""")) {
            timelines.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>()).add(r);
        }
        for (var e : status.entrySet()) {
            String current = "NEW";
            Instant t = first.get(e.getKey());
            for (Object[] ev : timelines.getOrDefault(e.getKey(), List.of())) {
                assertEquals(current, ev[1], "alert " + e.getKey() + " timeline");
                assertFalse(at(ev[3]).isBefore(t), "alert " + e.getKey() + " event before the previous one");
                if ("REOPENED".equals(ev[4])) {
                    assertEquals("RESOLVED", ev[1]);
                    assertEquals("QUALIFIED", ev[2]);
                }
                current = (String) ev[2];
                t = at(ev[3]);
            }
            assertEquals(e.getValue(), current, "alert " + e.getKey() + " status matches its timeline");
        }
        // Time order is the order things were done in.
        assertEquals(0, count("""
                SELECT count(*) FROM (SELECT id, lag(id) OVER (PARTITION BY alert_id ORDER BY at, id) AS prev
                                      FROM alert_event WHERE type IN ('TRANSITION', 'REOPENED')) x WHERE prev > id"""));

        // A story worth showing.
        long open = count("SELECT count(*) FROM alert WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS')");
        assertTrue(open >= alerts * 0.08 && open <= alerts * 0.30, open + " open of " + alerts);
        assertTrue(count("SELECT count(*) FROM alert WHERE status = 'CLOSED'") >= alerts / 2);
        assertTrue(count("SELECT count(*) FROM alert WHERE status = 'REJECTED' AND reject_reason IS NOT NULL") >= 5);
        assertTrue(count("SELECT count(*) FROM alert WHERE status = 'FORWARDED' AND forwarded_to IS NOT NULL") >= 1);
        assertTrue(count("SELECT count(*) FROM alert_event WHERE type = 'REOPENED'") >= 2);
        assertTrue(count("SELECT count(*) FROM alert WHERE reopened_count > 0 AND last_reopened_at IS NOT NULL") >= 2);
        assertTrue(count("SELECT count(*) FROM alert WHERE resolved_at > due_at") >= 5, "some late");
        assertTrue(count("SELECT count(*) FROM alert WHERE resolved_at <= due_at") >= alerts / 3, "mostly on time");
        assertTrue(count("SELECT count(*) FROM alert WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS') AND due_at < now()") >= 3, "some overdue");
        assertTrue(count("""
                SELECT count(*) FROM alert a JOIN team t ON t.id = a.team_id
                WHERE t.name = 'Voirie – Paris Centre (1er–4e)' AND a.status IN ('ASSIGNED', 'IN_PROGRESS')""") >= 3, "the demo agent has work");
        assertTrue(count("SELECT count(*) FROM report WHERE channel = 'phone'") >= 5);
        assertTrue(count("SELECT count(*) FROM report WHERE channel = 'counter'") >= 2);
        assertTrue(count("SELECT count(*) FROM alert_event WHERE type = 'CREATED' AND actor = 'dispatch'") >= 5);

        // What the mayor's dashboard will show (printed for whoever reads the build log).
        for (Object[] r : rows("""
                SELECT count(*) FILTER (WHERE resolved_at IS NOT NULL),
                       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - first_report_at) / 3600))::numeric, 1),
                       round((percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - first_report_at) / 3600))::numeric, 1),
                       round(100.0 * count(*) FILTER (WHERE resolved_at <= due_at) / nullif(count(*) FILTER (WHERE resolved_at IS NOT NULL), 0), 1),
                       count(*) FILTER (WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS') AND due_at < now()),
                       count(*) FILTER (WHERE reopened_count > 0),
                       count(*) FILTER (WHERE report_count > 1)
                FROM alert""")) {
            System.out.printf("Demo figures: %s resolved, median %s h, p90 %s h, on time %s %%, %s open overdue, %s reopened, %s merged alerts%n",
                    r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
        }
        for (Object[] r : rows("SELECT channel, count(*) FROM report GROUP BY channel ORDER BY channel")) {
            System.out.printf("Demo figures: channel %s: %s reports%n", r[0], r[1]);
        }

        // Idempotent.
        long events = count("SELECT count(*) FROM alert_event");
        DemoData.Summary again = demoData.load();
        assertFalse(again.loaded());
        assertEquals(reports, count("SELECT count(*) FROM report"));
        assertEquals(events, count("SELECT count(*) FROM alert_event"));
    }
}
