package fr.signalement.dispatch;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue pages through every alert (offset paging in SQL) and counts them by status and deadline
 * over the whole filter, not only the page shown; merging across category groups needs an explicit
 * confirmation. Spots 225–234.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class QueuePagesTest {
    Staff.Account dispatcher;

    @BeforeEach
    void account() {
        dispatcher = Staff.create("DISPATCHER", null);
    }

    static <T> T sql(java.util.function.Function<EntityManager, T> f) {
        return QuarkusTransaction.requiringNew().call(() -> f.apply(CDI.current().select(EntityManager.class).get()));
    }

    /** By status, straight from the table: what the counts must say for a category. */
    static Map<String, Long> byStatusInSql(String category) {
        Map<String, Long> out = new HashMap<>();
        for (Object row : sql(em -> em.createNativeQuery("""
                SELECT a.status, count(*) FROM alert a JOIN category c ON c.id = a.category_id
                WHERE c.code = :c GROUP BY a.status""").setParameter("c", category).getResultList())) {
            Object[] r = (Object[]) row;
            out.put((String) r[0], ((Number) r[1]).longValue());
        }
        return out;
    }

    JsonPath queue(String query) {
        return dispatcher.as().get("/api/v1/alerts?" + query).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void countsByStatusAndDeadlineCoverTheWholeFilterNotThePage() {
        String cat = Spots.SHUTTER_GRAFFITI;
        List<Integer> ids = new ArrayList<>();
        for (int spot = 225; spot <= 228; spot++) {
            ids.add(DispatchTest.alertOf(DispatchTest.report(cat, Spots.lat(spot), Spots.lon(spot), null)));
        }
        dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + ids.get(1) + "/transitions").then().statusCode(200);
        dispatcher.as().body(Map.of("to", "REJECTED", "reason", "NOT_A_PROBLEM")).post("/api/v1/alerts/" + ids.get(2) + "/transitions")
                .then().statusCode(200);
        // One overdue, one in the last minutes of its deadline.
        sql(em -> em.createNativeQuery("UPDATE alert SET due_at = now() - interval '2 hours' WHERE id = :id")
                .setParameter("id", ids.get(0)).executeUpdate());
        sql(em -> em.createNativeQuery("UPDATE alert SET due_at = now() + interval '10 minutes' WHERE id = :id")
                .setParameter("id", ids.get(3)).executeUpdate());

        Map<String, Long> expected = byStatusInSql(cat);
        // A page of one alert: the counts still cover every alert of the filter.
        JsonPath p = queue("categoryCode=" + cat + "&status=NEW,QUALIFIED&size=1");
        assertEquals(1, p.getList("items").size());
        assertEquals(expected.getOrDefault("NEW", 0L) + expected.getOrDefault("QUALIFIED", 0L), p.getLong("total"));
        for (String s : List.of("NEW", "QUALIFIED", "ASSIGNED", "IN_PROGRESS", "RESOLVED", "CLOSED", "REJECTED", "FORWARDED")) {
            // Every status, with the other filters applied (the chosen statuses do not narrow these counts).
            assertEquals(expected.getOrDefault(s, 0L), p.getLong("counts.byStatus." + s), s);
        }
        assertTrue(p.getLong("counts.byStatus.REJECTED") >= 1);
        long overdueInSql = sql(em -> ((Number) em.createNativeQuery("""
                SELECT count(*) FROM alert a JOIN category c ON c.id = a.category_id
                WHERE c.code = :c AND a.status IN ('NEW', 'QUALIFIED') AND a.due_at < now()""")
                .setParameter("c", cat).getSingleResult()).longValue());
        assertTrue(overdueInSql >= 1);
        assertEquals(overdueInSql, p.getLong("counts.overdue"));
        assertTrue(p.getLong("counts.dueSoon") >= 1, "the alert due in 10 minutes is due soon");
        // The rejected alert is overdue-proof: made overdue, it is still not counted.
        sql(em -> em.createNativeQuery("UPDATE alert SET due_at = now() - interval '2 hours' WHERE id = :id")
                .setParameter("id", ids.get(2)).executeUpdate());
        assertEquals(overdueInSql, queue("categoryCode=" + cat + "&status=NEW,QUALIFIED,REJECTED&size=1").getLong("counts.overdue"));
    }

    @Test
    void pagesReachEveryAlertOnceAndThePageAfterTheLastIsEmpty() {
        String cat = Spots.SHUTTER_GRAFFITI;
        for (int spot = 229; spot <= 231; spot++) {
            DispatchTest.alertOf(DispatchTest.report(cat, Spots.lat(spot), Spots.lon(spot), null));
        }
        List<Long> inSql = sql(em -> em.createNativeQuery("""
                SELECT a.id FROM alert a JOIN category c ON c.id = a.category_id WHERE c.code = :c""")
                .setParameter("c", cat).getResultList()).stream().map(o -> ((Number) o).longValue()).toList();
        String all = "categoryCode=" + cat + "&status=NEW,QUALIFIED,ASSIGNED,IN_PROGRESS,RESOLVED,CLOSED,REJECTED,FORWARDED";
        int size = 2;
        long total = queue(all + "&size=" + size).getLong("total");
        assertEquals(inSql.size(), total);
        List<Long> seen = new ArrayList<>();
        for (int page = 0; page * size < total; page++) {
            JsonPath p = queue(all + "&size=" + size + "&page=" + page);
            assertEquals(page, p.getInt("page"));
            assertEquals(size, p.getInt("size"));
            assertEquals(total, p.getLong("total"));
            p.getList("items.id", Number.class).forEach(n -> seen.add(n.longValue()));
        }
        assertEquals(inSql.size(), seen.size(), "no alert twice");
        assertEquals(new HashSet<>(inSql), new HashSet<>(seen));
        JsonPath after = queue(all + "&size=" + size + "&page=" + (total / size + 1));
        assertEquals(0, after.getList("items").size());
        assertEquals(total, after.getLong("total"), "past the end the total is still told");
        dispatcher.as().get("/api/v1/alerts?size=0").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void mergingAcrossCategoryGroupsAsksForAnExplicitConfirmation() {
        int spot = 232;
        int pothole = DispatchTest.alertOf(DispatchTest.report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot), null));
        int bags = DispatchTest.alertOf(DispatchTest.report(Spots.BAGS, Spots.latNorth(spot, 40), Spots.lon(spot), null));
        String potholeGroup = sql(em -> (String) em.createNativeQuery("SELECT group_label FROM category WHERE code = :c")
                .setParameter("c", Spots.POTHOLE).getSingleResult());
        String bagsGroup = sql(em -> (String) em.createNativeQuery("SELECT group_label FROM category WHERE code = :c")
                .setParameter("c", Spots.BAGS).getSingleResult());
        assertTrue(!potholeGroup.equals(bagsGroup), "the test needs two groups");
        // The alert page shows the other one nearby, with its distance and category group.
        JsonPath page = dispatcher.as().get("/api/v1/alerts/" + pothole).then().statusCode(200).extract().jsonPath();
        assertEquals(40.0, page.getDouble("nearby.find { it.id == " + bags + " }.distanceM"), 1.5);
        assertEquals(bagsGroup, page.getString("nearby.find { it.id == " + bags + " }.category.group"));

        dispatcher.as().body(Map.of("alertId", bags)).post("/api/v1/alerts/" + pothole + "/merge").then().statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("crossGroup", equalTo(true))
                .body("keptGroup", equalTo(potholeGroup))
                .body("otherGroup", equalTo(bagsGroup));
        dispatcher.as().body(Map.of("alertId", bags, "crossGroupConfirmed", false)).post("/api/v1/alerts/" + pothole + "/merge")
                .then().statusCode(409);
        dispatcher.as().get("/api/v1/alerts/" + bags).then().body("alert.status", equalTo("NEW"));
        dispatcher.as().body(Map.of("alertId", bags, "crossGroupConfirmed", true)).post("/api/v1/alerts/" + pothole + "/merge")
                .then().statusCode(200).body("alert.reportCount", equalTo(2));
        dispatcher.as().get("/api/v1/alerts/" + bags).then().body("mergedIntoId", equalTo(pothole));

        // Same group: no confirmation needed.
        int a = DispatchTest.alertOf(DispatchTest.report(Spots.POTHOLE, Spots.lat(233), Spots.lon(233), null));
        int b = DispatchTest.alertOf(DispatchTest.report(Spots.POTHOLE, Spots.latNorth(233, 90), Spots.lon(233), null));
        dispatcher.as().body(Map.of("alertId", b)).post("/api/v1/alerts/" + a + "/merge").then().statusCode(200);
    }
}
