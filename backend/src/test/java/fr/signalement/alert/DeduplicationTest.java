package fr.signalement.alert;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class DeduplicationTest {

    static Response report(String category, double lat, double lon) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", lat, "lon", lon))
                .post("/api/v1/reports");
    }

    @Test
    void fiftySimultaneousReportsAtOneSpotMakeExactlyOneAlert() throws Exception {
        int spot = 20;
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                // Scattered over a few metres, as phones' GPS would be.
                double jitter = (i % 7 - 3) * 1.5;
                calls.add(() -> report(Spots.POTHOLE, Spots.latNorth(spot, jitter), Spots.lon(spot)));
            }
            Set<Object> alerts = new HashSet<>();
            Set<Object> trackingNumbers = new HashSet<>();
            int opened = 0;
            for (Future<Response> f : pool.invokeAll(calls)) {
                Response r = f.get();
                assertEquals(201, r.statusCode(), r.asString());
                alerts.add(r.path("alertId"));
                trackingNumbers.add(r.path("trackingNumber"));
                opened += Boolean.TRUE.equals(r.path("joinedExistingAlert")) ? 0 : 1;
            }
            assertEquals(1, alerts.size(), "one alert for one pothole");
            assertEquals(50, trackingNumbers.size(), "every reporter has their own tracking number");
            assertEquals(1, opened, "exactly one report opened the alert");
            given().queryParam("lat", Spots.lat(spot)).queryParam("lon", Spots.lon(spot))
                    .queryParam("categoryCode", Spots.POTHOLE)
                    .get("/api/v1/alerts/nearby").then().statusCode(200)
                    .body("[0].alertId", equalTo(alerts.iterator().next()))
                    .body("[0].reportCount", equalTo(50));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nearbyListsOpenAlertsOfTheSameGroupNearestFirst() {
        int spot = 21;
        // Two groups at the same place: bulky items and household bags are both "Objets abandonnés".
        long bulky = ((Number) report(Spots.BULKY, Spots.latNorth(spot, 40), Spots.lon(spot)).path("alertId")).longValue();
        long bags = ((Number) report(Spots.BAGS, Spots.latNorth(spot, 10), Spots.lon(spot)).path("alertId")).longValue();
        report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot)).then().statusCode(201);
        report(Spots.BULKY, Spots.latNorth(spot, 400), Spots.lon(spot)).then().statusCode(201); // too far
        given().queryParam("lat", Spots.lat(spot)).queryParam("lon", Spots.lon(spot))
                .queryParam("categoryCode", Spots.BULKY)
                .get("/api/v1/alerts/nearby").then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].alertId", equalTo((int) bags))
                // Measured to the alert's public position (snapped to the grid), not its exact point.
                .body("[0].distanceM", equalTo(0.0f))
                .body("[1].alertId", equalTo((int) bulky))
                .body("[1].category.code", equalTo(Spots.BULKY))
                .body("[1].statusLabel", equalTo("Nouveau"));
        given().queryParam("lat", Spots.lat(spot)).queryParam("lon", Spots.lon(spot))
                .get("/api/v1/alerts/nearby").then().statusCode(200).body("size()", lessThanOrEqualTo(5))
                .body("size()", equalTo(3));
        given().queryParam("lat", Spots.lat(spot)).get("/api/v1/alerts/nearby").then().statusCode(400)
                .body("field", equalTo("lon"));
        given().queryParam("lat", Spots.lat(spot)).queryParam("lon", Spots.lon(spot)).queryParam("categoryCode", "nope")
                .get("/api/v1/alerts/nearby").then().statusCode(422);
    }

    @Test
    void nearbyReturnsAtMostFive() {
        int spot = 22;
        for (int i = 0; i < 7; i++) {
            report(Spots.SHUTTER_GRAFFITI, Spots.latNorth(spot, i * 18), Spots.lon(spot)).then().statusCode(201)
                    .body("joinedExistingAlert", equalTo(false));
        }
        List<Float> distances = given().queryParam("lat", Spots.lat(spot)).queryParam("lon", Spots.lon(spot))
                .queryParam("categoryCode", Spots.SHUTTER_GRAFFITI)
                .get("/api/v1/alerts/nearby").then().statusCode(200).body("$", hasSize(5))
                .extract().path("distanceM");
        for (int i = 1; i < distances.size(); i++) {
            assertTrue(distances.get(i - 1) <= distances.get(i));
        }
    }

    @Test
    void meTooAddsAReportToTheChosenAlert() {
        int spot = 23;
        Response first = report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot));
        int alertId = first.path("alertId");
        given().contentType(ContentType.JSON).body(Map.of("lat", Spots.latNorth(spot, 20), "lon", Spots.lon(spot),
                        "contactEmail", "bob@example.org"))
                .post("/api/v1/alerts/" + alertId + "/support").then().statusCode(201)
                .body("alertId", equalTo(alertId))
                .body("joinedExistingAlert", equalTo(true))
                .body("reportCount", equalTo(2))
                .body("category.code", equalTo(Spots.POTHOLE));
        // Without a position, the alert's own is used.
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/alerts/" + alertId + "/support")
                .then().statusCode(201).body("reportCount", equalTo(3));
        given().contentType(ContentType.JSON).body("{}").post("/api/v1/alerts/999999/support")
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("lat", 48.8049, "lon", 2.1204))
                .post("/api/v1/alerts/" + alertId + "/support").then().statusCode(422);
    }
}
