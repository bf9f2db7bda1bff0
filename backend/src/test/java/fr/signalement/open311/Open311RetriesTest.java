package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.signalement.open311.Open311Xml.items;
import static fr.signalement.open311.Open311Xml.parse;
import static fr.signalement.open311.Open311Xml.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client posts a request or an update again after losing the answer, as FixMyStreet does: with
 * its own id (attribute[fixmystreet_id], update_id) the retry is answered as the first time and
 * nothing is stored twice, even when the copies arrive at once. Spots 58, 59, 66, 67.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311RetriesTest extends AsOpen311Client {
    static final String BASE = "/open311/v2/";

    static RequestSpecification form(List<Object> params) {
        RequestSpecification spec = given().contentType("application/x-www-form-urlencoded; charset=utf-8");
        for (int i = 0; i < params.size(); i += 2) {
            spec = spec.formParam((String) params.get(i), params.get(i + 1));
        }
        return spec;
    }

    /** What FixMyStreet posts for its report {@code fmsId} (null: a client without ids), at spot i. */
    List<Object> request(String apiKey, int spot, String description, String fmsId) {
        List<Object> p = new ArrayList<>(List.of("api_key", apiKey, "service_code", Spots.BULKY,
                "lat", Spots.lat(spot), "long", Spots.lon(spot), "description", description,
                "email", "habitant@example.org", "first_name", "Jeanne", "last_name", "Martin",
                "media_url", media.url("/moved"), "attribute[title]", "Encombrants"));
        if (fmsId != null) {
            p.addAll(List.of("attribute[" + Open311Intake.CLIENT_ID + "]", fmsId));
        }
        return p;
    }

    static Map<String, Object> post(List<Object> params) {
        return form(params).post(BASE + "requests.json").then().statusCode(200).extract().jsonPath().getMap("[0]");
    }

    static long reports(String description) {
        return TestSql.count("SELECT count(*) FROM report WHERE description = ?", description);
    }

    @Test
    void aRequestPostedAgainWithItsIdIsStoredOnce() {
        String text = "Matelas et sommier " + System.nanoTime();
        String fmsId = String.valueOf(System.nanoTime() % 1_000_000);
        Map<String, Object> first = post(request(key(), 58, text, fmsId));
        Map<String, Object> again = post(request(key(), 58, text, fmsId));
        assertEquals(first.get("service_request_id"), again.get("service_request_id"));
        assertEquals(first.get("token"), again.get("token"));
        assertEquals(1, reports(text), "the retry stored nothing");
        assertEquals(1, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.description = ?""", text),
                "nor its photo");
        // In XML too, as FixMyStreet posts it.
        Response x = form(request(key(), 58, text, fmsId)).post(BASE + "requests.xml");
        x.then().statusCode(200);
        assertEquals(first.get("service_request_id"), text(items(parse(x.asString()), "service_requests", "request").get(0),
                "service_request_id"));
        assertEquals(1, reports(text));

        // The same id with another request (a report the client changed and sends again) is another report…
        String changed = text + " (complété)";
        assertNotEquals(first.get("service_request_id"), post(request(key(), 58, changed, fmsId)).get("service_request_id"));
        assertEquals(1, reports(changed));
        // …and so is the same request under another client's key: ids are each client's own.
        assertNotEquals(first.get("service_request_id"), post(request(newKey(), 58, text, fmsId)).get("service_request_id"));
        assertEquals(2, reports(text));

        // Without an id nothing tells a retry from a second report: both are kept, as before.
        String anonymous = "Sans identifiant " + System.nanoTime();
        assertNotEquals(post(request(key(), 58, anonymous, null)).get("service_request_id"),
                post(request(key(), 58, anonymous, null)).get("service_request_id"));
        assertEquals(2, reports(anonymous));

        // An id longer than the service definition allows is refused in the specification's form.
        form(request(key(), 58, text, "x".repeat(Open311Intake.MAX_CLIENT_ID + 1))).post(BASE + "requests.json").then()
                .statusCode(400).body("[0].code", equalTo(400)).body("[0].description", containsString("fixmystreet_id"));
    }

    @Test
    void aForwardedRequestPostedAgainWithItsPhotoLinkSignedAnewIsStoredOnce() {
        // Another Signalement forwards its alert with signed photo links (Forwarding), minted at each attempt: a
        // retry after the link period's end names the same photo with another expiry and signature.
        String text = "Transmis par une commune voisine " + System.nanoTime();
        String fmsId = String.valueOf(System.nanoTime() % 1_000_000);
        String photo = media.url("/api/v1/photos/" + java.util.UUID.randomUUID());
        List<Object> first = request(key(), 58, text, fmsId);
        first.set(first.indexOf(media.url("/moved")), photo + "?until=1767225600&sig=AbCdEf-_0123456789abcdef");
        List<Object> again = request(key(), 58, text, fmsId);
        again.set(again.indexOf(media.url("/moved")), photo + "?until=1767312000&sig=ZyXwVu-_9876543210zyxwvu");
        assertEquals(post(first).get("service_request_id"), post(again).get("service_request_id"));
        assertEquals(1, reports(text), "the retry stored nothing");

        // Only a signed link to a photo's public version: the original is another image, another address another photo.
        assertEquals("https://a.example/api/v1/photos/0b0e7c1e-52a2-4d6e-9a4f-2b1d8a3c4e5f",
                Open311Intake.sameMedia("https://a.example/api/v1/photos/0b0e7c1e-52a2-4d6e-9a4f-2b1d8a3c4e5f?until=1&sig=x-_Y"));
        for (String other : List.of("https://a.example/api/v1/photos/0b0e7c1e-52a2-4d6e-9a4f-2b1d8a3c4e5f?until=1&original=true&sig=x",
                "https://fms.example/photo/12.0.full.jpeg?a1b2c3d4", "https://a.example/api/v1/photos/notakey?until=1&sig=x")) {
            assertEquals(other, Open311Intake.sameMedia(other));
        }
    }

    @Test
    void copiesOfARequestArrivingAtOnceMakeOneReport() throws Exception {
        String text = "Gravats au coin de la rue " + System.nanoTime();
        String fmsId = "fms-" + System.nanoTime();
        List<Object> params = request(key(), 59, text, fmsId);
        Set<String> answered = new HashSet<>(all(6, () -> (String) post(params).get("service_request_id")));
        assertEquals(1, answered.size(), answered.toString());
        assertEquals(1, reports(text));
        assertEquals(answered.iterator().next(), TestSql.scalar("SELECT tracking_number FROM report WHERE description = ?", text));
        assertEquals(1, TestSql.count("""
                SELECT count(*) FROM open311_request o JOIN report r ON r.id = o.report_id WHERE r.description = ?""", text));
    }

    /** A request to comment on: its service_request_id. */
    String request(int spot) {
        return (String) post(request(key(), spot, "À commenter " + System.nanoTime(), null)).get("service_request_id");
    }

    List<Object> update(String requestId, String comment, String updateId) {
        return new ArrayList<>(List.of("api_key", key(), "service_request_id", requestId, "status", "OPEN",
                "description", comment, "email", "habitant@example.org", "first_name", "Jeanne", "last_name", "Martin",
                "updated_datetime", "2026-12-01T10:00:00+01:00", "update_id", updateId));
    }

    static Response postUpdate(List<Object> params) {
        return form(params).post(BASE + "servicerequestupdates.json");
    }

    static long comments(String text) {
        return TestSql.count("SELECT count(*) FROM alert_event WHERE type = 'CITIZEN_UPDATE' AND note = ?", text);
    }

    @Test
    void anUpdatePostedAgainWithItsIdIsStoredOnce() {
        String id = request(66);
        String comment = "Toujours là ce matin " + System.nanoTime();
        String fmsUpdate = String.valueOf(System.nanoTime() % 1_000_000);
        String first = postUpdate(update(id, comment, fmsUpdate)).then().statusCode(200).extract().path("[0].update_id");
        String again = postUpdate(update(id, comment, fmsUpdate)).then().statusCode(200).extract().path("[0].update_id");
        assertEquals(first, again);
        Response x = form(update(id, comment, fmsUpdate)).post(BASE + "servicerequestupdates.xml");
        x.then().statusCode(200);
        assertEquals(first, text(items(parse(x.asString()), "service_request_updates", "request_update").get(0), "update_id"));
        assertEquals(1, comments(comment), "the retries stored nothing");

        // Another update of the same report, with its own id, is stored.
        String next = postUpdate(update(id, comment, fmsUpdate + "-2")).then().statusCode(200).extract().path("[0].update_id");
        assertNotEquals(first, next);
        assertEquals(2, comments(comment));
        // The same id from another client is that client's own update.
        List<Object> other = update(id, comment, fmsUpdate);
        other.set(1, newKey());
        postUpdate(other).then().statusCode(200);
        assertEquals(3, comments(comment));

        // One update id names one update of one request: sent for another request, it is refused.
        String otherRequest = request(66);
        postUpdate(update(otherRequest, "Autre chose", fmsUpdate)).then().statusCode(400)
                .body("[0].code", equalTo(400)).body("[0].description", containsString("update_id"));
        assertEquals(0, comments("Autre chose"));
    }

    @Test
    void copiesOfAnUpdateArrivingAtOnceMakeOneStep() throws Exception {
        String id = request(67);
        String comment = "Le trou s'agrandit " + System.nanoTime();
        List<Object> params = update(id, comment, "fms-update-" + System.nanoTime());
        params.addAll(List.of("media_url", media.url("/street.jpg")));
        Set<String> answered = new HashSet<>(all(6, () -> postUpdate(params).then().statusCode(200)
                .extract().<String>path("[0].update_id")));
        assertEquals(1, answered.size(), answered.toString());
        assertEquals(1, comments(comment));
        assertEquals(answered.iterator().next(), TestSql.scalar("""
                SELECT e.id || '-' || e.report_id FROM alert_event e WHERE e.type = 'CITIZEN_UPDATE' AND e.note = ?""", comment));
        // The request's photo and the update's, once: the copies' own were not kept.
        assertEquals(2, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id
                WHERE r.tracking_number = ? AND p.kind = 'REPORT'""", id));
    }

    /** {@code n} copies of a call started together; every answer. */
    static <T> List<T> all(int n, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(5, TimeUnit.MINUTES));
            }
            assertTrue(out.stream().allMatch(v -> v != null));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
