package fr.signalement.catalog;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue tells the citizen app how often each category was reported in the commune over the
 * last 12 months, from real reports: the most frequent are offered first.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class CategoryFrequencyTest {
    private static final String PARIS = "75056";

    private static Map<String, Integer> counts() {
        JsonPath json = given().get("/api/v1/categories").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = json.getList("categories.flatten()");
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (Map<String, Object> c : all) {
            counts.put((String) c.get("code"), (Integer) c.get("reportsLastYear"));
        }
        return counts;
    }

    private static String report(String category, int spot) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", Spots.lat(spot), "lon", Spots.lon(spot)))
                .post("/api/v1/reports").then().statusCode(201).extract().path("trackingNumber");
    }

    @Test
    void theCommunesMostReportedCategoriesComeFirstAndOldReportsDoNotCount() {
        Map<String, Integer> before = counts();
        // Bulky items three times (three places), bags once, a pothole once but 13 months ago.
        report(Spots.BULKY, 220);
        report(Spots.BULKY, 221);
        report(Spots.BULKY, 222);
        report(Spots.BAGS, 223);
        String old = report(Spots.POTHOLE, 224);
        TestSql.exec("UPDATE report SET received_at = now() - interval '13 months' WHERE tracking_number = ?", old);

        Map<String, Integer> after = counts();
        assertEquals(before.get(Spots.BULKY) + 3, after.get(Spots.BULKY));
        assertEquals(before.get(Spots.BAGS) + 1, after.get(Spots.BAGS));
        assertEquals(before.get(Spots.POTHOLE), after.get(Spots.POTHOLE), "a report older than 12 months is not counted");

        // The query class gives them most frequent first, with the API's very counts.
        Map<String, Integer> ranked = io.quarkus.arc.Arc.container().instance(CategoryFrequency.class).get().lastYear(PARIS);
        List<String> order = new ArrayList<>(ranked.keySet());
        assertTrue(order.indexOf(Spots.BULKY) < order.indexOf(Spots.BAGS), order.toString());
        List<Integer> values = new ArrayList<>(ranked.values());
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i - 1) >= values.get(i), "most frequent first: " + ranked);
        }
        ranked.forEach((code, n) -> assertEquals(n, after.get(code), code));
        // Counts are per commune: a code no report carries has none.
        assertEquals(Map.of(), io.quarkus.arc.Arc.container().instance(CategoryFrequency.class).get().lastYear("00000"));
    }

    /** The citizen's map draws open alerts around the pin: each comes with its public (snapped) position, never the exact one. */
    @Test
    void nearbyAlertsCarryTheirPublicPositionForTheMap() {
        double lat = Spots.latNorth(224, 200) + 0.00037;
        double lon = Spots.lon(224) + 0.00041;
        long alertId = ((Number) given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.SHUTTER_GRAFFITI, "lat", lat, "lon", lon))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId")).longValue();
        List<Map<String, Object>> nearby = given().queryParam("lat", lat).queryParam("lon", lon)
                .get("/api/v1/alerts/nearby").then().statusCode(200).extract()
                .jsonPath(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getList("$"); // not floats: 1e-7° matters
        Map<String, Object> mine = nearby.stream().filter(a -> ((Number) a.get("alertId")).longValue() == alertId)
                .findFirst().orElseThrow(() -> new AssertionError(nearby.toString()));
        double pLat = ((Number) mine.get("lat")).doubleValue();
        double pLon = ((Number) mine.get("lon")).doubleValue();
        assertEquals(Math.round(lat * 1000) / 1000.0, pLat, 1e-7, "snapped to the public grid");
        assertEquals(Math.round(lon * 1000) / 1000.0, pLon, 1e-7, "snapped to the public grid");
        assertTrue(Math.abs(pLat - lat) > 1e-5 || Math.abs(pLon - lon) > 1e-5, "not the reporter's exact point");
    }
}
