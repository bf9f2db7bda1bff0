package fr.signalement.retention;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import fr.signalement.photo.PhotoStore;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention that actually runs, against the real database: resolved alerts close after the reopen
 * window (through the lifecycle), contacts go 90 days after, text and photos a year after; each job
 * is idempotent and safe when two processes run it at once. (Spots 208–219.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class RetentionTest {
    @Inject
    ResolvedClosing closing;
    @Inject
    ContactRetention contacts;
    @Inject
    ContentRetention content;
    @Inject
    PhotoStore store;
    @Inject
    fr.signalement.photo.PhotoAnonymisation anonymisation;

    Staff.Account dispatcher;
    long team;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
        team = Staff.team(Spots.BULKY, "Propreté retention " + java.util.UUID.randomUUID(), List.of());
    }

    static byte[] jpeg() throws IOException {
        try (InputStream in = RetentionTest.class.getResourceAsStream("/photos/street.jpg")) {
            return in.readAllBytes();
        }
    }

    static Response report(int spot, String email) throws IOException {
        String json = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(spot) + ",\"lon\":" + Spots.lon(spot)
                + ",\"description\":\"Matelas devant chez moi\",\"contactEmail\":\"" + email + "\"}";
        Response r = given().multiPart("report", json, "application/json").multiPart("photo", "street.jpg", jpeg(), "image/jpeg")
                .post("/api/v1/reports");
        r.then().statusCode(201);
        return r;
    }

    long resolved(int spot) throws IOException {
        long id = ((Number) report(spot, "reporter-" + spot + "@example.org").path("alertId")).longValue();
        for (Map<String, Object> step : List.<Map<String, Object>>of(Map.of("to", "QUALIFIED"), Map.of("to", "ASSIGNED", "teamId", team),
                Map.of("to", "IN_PROGRESS"), Map.of("to", "RESOLVED"))) {
            dispatcher.as().body(step).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        }
        return id;
    }

    static String status(long alertId) {
        return (String) TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertId);
    }

    static <T> List<T> together(Callable<T> job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<T>> runs = pool.invokeAll(List.of(job, job), 120, TimeUnit.SECONDS);
            List<T> out = new ArrayList<>();
            for (Future<T> f : runs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void resolvedAlertsCloseAfterTheReopenWindowThroughTheLifecycleOnceEvenWithTwoRunners() throws Exception {
        long old = resolved(208);
        long recent = resolved(209);
        TestSql.exec("UPDATE alert SET resolved_at = now() - interval '8 days' WHERE id = ?", old);
        TestSql.exec("UPDATE alert SET resolved_at = now() - interval '2 days' WHERE id = ?", recent);

        List<Integer> closed = together(closing::run);
        assertEquals(1, TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'AUTO_CLOSED'", old),
                "closed once, by one of the two runners: " + closed);
        assertEquals("CLOSED", status(old));
        assertEquals("RESOLVED", status(recent));
        assertNotNull(TestSql.scalar("SELECT closed_at FROM alert WHERE id = ?", old));
        dispatcher.as().get("/api/v1/alerts/" + old).then().statusCode(200)
                .body("timeline.find { it.type == 'AUTO_CLOSED' }.actor", org.hamcrest.Matchers.equalTo("system"))
                .body("timeline.find { it.type == 'AUTO_CLOSED' }.from", org.hamcrest.Matchers.equalTo("RESOLVED"))
                .body("timeline.find { it.type == 'AUTO_CLOSED' }.to", org.hamcrest.Matchers.equalTo("CLOSED"));
        assertEquals(1, TestSql.count("""
                SELECT count(*) FROM audit_log WHERE action = 'alert.auto_closed' AND target = ? AND actor = 'system'
                  AND after ->> 'status' = 'CLOSED'""", "alert:" + old));
        closing.run();
        assertEquals(1, TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'AUTO_CLOSED'", old),
                "a later run leaves it alone");

        // Closed automatically, it is final: its reporters' contacts go contact-days later like any closed alert's.
        TestSql.exec("UPDATE alert SET closed_at = now() - interval '91 days' WHERE id = ?", old);
        contacts.run();
        assertNull(TestSql.scalar("SELECT contact_email FROM report WHERE alert_id = ?", old));
        assertNotNull(TestSql.scalar("SELECT contact_email FROM report WHERE alert_id = ?", recent));
    }

    @Test
    void textAndPhotosArePurgedAYearAfterTheEndOnceAndNoPageShowsABrokenImage() throws Exception {
        content.run(); // what other tests left due: out of the way, so the counts below are this test's
        Response ack = report(210, "a@example.org");
        long old = ((Number) ack.path("alertId")).longValue();
        long stillKept = ((Number) report(211, "b@example.org").path("alertId")).longValue();
        long alsoOld = ((Number) report(212, "c@example.org").path("alertId")).longValue();
        for (long id : new long[]{old, alsoOld}) {
            dispatcher.as().body(Map.of("to", "REJECTED", "reason", "NOT_A_PROBLEM", "note", "Appelé M. Dupont au 06 11 22 33 44"))
                    .post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
            TestSql.exec("UPDATE alert SET closed_at = now() - interval '366 days' WHERE id = ?", id);
        }
        dispatcher.as().body(Map.of("to", "REJECTED", "reason", "NOT_A_PROBLEM"))
                .post("/api/v1/alerts/" + stillKept + "/transitions").then().statusCode(200);
        TestSql.exec("UPDATE alert SET closed_at = now() - interval '100 days' WHERE id = ?", stillKept);
        String storageKey = (String) TestSql.scalar("SELECT storage_key FROM photo WHERE alert_id = ?", old);
        assertTrue(store.exists(storageKey, false));
        anonymisation.drain(); // the public (blurred) version exists too, and must go with the original
        String publicKey = (String) TestSql.scalar("SELECT public_storage_key FROM photo WHERE alert_id = ?", old);
        assertNotNull(publicKey);
        assertTrue(store.exists(publicKey, false));
        long reportId = TestSql.count("SELECT id FROM report WHERE alert_id = ?", old);
        dispatcher.as().body(Map.of("publicText", "Matelas"))
                .put("/api/v1/alerts/" + old + "/reports/" + reportId + "/publication").then().statusCode(200);

        List<ContentRetention.Outcome> runs = together(content::run);
        assertEquals(2, runs.stream().mapToInt(ContentRetention.Outcome::reportTextsErased).sum(), runs.toString());
        assertEquals(2, runs.stream().mapToInt(ContentRetention.Outcome::photosPurged).sum(), runs.toString());
        assertEquals(2, runs.stream().mapToInt(ContentRetention.Outcome::notesErased).sum(), runs.toString());

        assertNull(TestSql.scalar("SELECT description FROM report WHERE id = ?", reportId));
        assertNull(TestSql.scalar("SELECT public_description FROM report WHERE id = ?", reportId));
        assertNull(TestSql.scalar("SELECT address FROM report WHERE id = ?", reportId));
        assertNotNull(TestSql.scalar("SELECT text_purged_at FROM report WHERE id = ?", reportId));
        assertEquals(0, TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND note IS NOT NULL", old));
        assertEquals(0, TestSql.count("SELECT count(*) FROM photo WHERE alert_id = ?", old));
        assertFalse(store.exists(storageKey, false));
        assertFalse(store.exists(storageKey, true));
        assertFalse(store.exists(publicKey, false));
        assertFalse(store.exists(publicKey, true));
        // The pages show no photo rather than a broken one; the alert and its dated steps stay.
        dispatcher.as().get("/api/v1/alerts/" + old).then().statusCode(200).body("reports[0].photos", hasSize(0))
                .body("alert.thumbnailUrl", nullValue())
                .body("timeline.find { it.to == 'REJECTED' }.reason", org.hamcrest.Matchers.equalTo("NOT_A_PROBLEM"));
        given().queryParam("token", (String) ack.path("followToken")).get("/api/v1/reports/" + ack.path("trackingNumber"))
                .then().statusCode(200).body("photos", hasSize(0));
        given().get("/open311/v2/requests/" + ack.path("trackingNumber") + ".json").then().statusCode(200)
                .body("[0].media_url", nullValue()).body("[0].description", nullValue());
        // Younger than a year: kept.
        assertNotNull(TestSql.scalar("SELECT description FROM report WHERE alert_id = ?", stillKept));
        assertEquals(1, TestSql.count("SELECT count(*) FROM photo WHERE alert_id = ?", stillKept));
        // Audited with counts only.
        assertEquals(1, TestSql.count("""
                SELECT count(*) FROM audit_log WHERE action = 'retention.content.purge' AND actor = 'system'
                  AND (after ->> 'photosPurged')::int = 2"""));
        // Nothing left: a third run changes nothing.
        ContentRetention.Outcome again = content.run();
        assertEquals(0, again.reportTextsErased() + again.photosPurged() + again.notesErased(), again.toString());
    }
}
