package fr.signalement.report;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An Idempotency-Key replays its own request's answer, never another request's. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class IdempotencyTest {

    static Response post(String key, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/reports");
    }

    static long reports(String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) CDI.current().select(EntityManager.class).get()
                .createNativeQuery("SELECT count(*) FROM report WHERE idempotency_key = CAST(:k AS uuid)")
                .setParameter("k", key).getSingleResult()).longValue());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedWithoutRevealingTheFirstReport() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> mine = Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(170), "lon", Spots.lon(170),
                "description", "Trou devant le 4");
        Response first = post(key, mine);
        first.then().statusCode(201);
        String token = first.path("followToken");
        String tracking = first.path("trackingNumber");
        // Someone else, with the key but not the request, gets nothing of it.
        Response other = post(key, Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(170), "lon", Spots.lon(170)));
        other.then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("Idempotency-Key"))
                .body("detail", containsString("autre requête"))
                .body(not(containsString(token))).body(not(containsString(tracking)));
        // An invalid body under a used key is refused as invalid, not answered from the key.
        post(key, Map.of("categoryCode", Spots.POTHOLE, "lat", 95, "lon", Spots.lon(170))).then().statusCode(400)
                .body("field", equalTo("lat"));
        // The true retry still gets its answer.
        post(key, mine).then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("trackingNumber", equalTo(tracking)).body("followToken", equalTo(token));
        assertEquals(1, reports(key));
    }

    @Test
    void aMeTooKeyIsBoundToItsAlertAndBody() {
        int alert = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(171), "lon", Spots.lon(171)))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("description", "moi aussi"))
                .post("/api/v1/alerts/" + alert + "/support").then().statusCode(201);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(Map.of("description", "moi aussi"))
                .post("/api/v1/alerts/" + alert + "/support").then().statusCode(201).header("Idempotent-Replayed", "true");
        // The same key on a new report (another request) is refused.
        post(key, Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(171), "lon", Spots.lon(171), "description", "moi aussi"))
                .then().statusCode(422).body("field", equalTo("Idempotency-Key"));
        assertEquals(1, reports(key));
    }

    @Test
    void photosArePartOfTheRequest() throws Exception {
        byte[] street;
        byte[] small;
        try (InputStream a = getClass().getResourceAsStream("/photos/street.jpg");
             InputStream b = getClass().getResourceAsStream("/photos/small.png")) {
            street = a.readAllBytes();
            small = b.readAllBytes();
        }
        String key = UUID.randomUUID().toString();
        String report = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(172) + ",\"lon\":" + Spots.lon(172) + "}";
        Response first = given().header("Idempotency-Key", key).multiPart("report", report, "application/json")
                .multiPart("photo", "a.jpg", street, "image/jpeg").post("/api/v1/reports");
        first.then().statusCode(201);
        given().header("Idempotency-Key", key).multiPart("report", report, "application/json")
                .multiPart("photo", "a.jpg", street, "image/jpeg").post("/api/v1/reports")
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("trackingNumber", equalTo(first.path("trackingNumber")));
        given().header("Idempotency-Key", key).multiPart("report", report, "application/json")
                .multiPart("photo", "b.png", small, "image/png").post("/api/v1/reports")
                .then().statusCode(422).body("field", equalTo("Idempotency-Key"));
        assertEquals(1, reports(key));
    }

    @Test
    void onlyRandomUuidsAreKeys() {
        Map<String, Object> body = Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(173), "lon", Spots.lon(173));
        for (String key : new String[]{"00000000-0000-0000-0000-000000000000", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
                "ffffffff-ffff-ffff-ffff-ffffffffffff", "1-2-3-4-5"}) {
            post(key, body).then().statusCode(400).contentType("application/problem+json")
                    .body("field", equalTo("Idempotency-Key"));
        }
        assertEquals(0, reports("00000000-0000-0000-0000-000000000000"));
    }
}
