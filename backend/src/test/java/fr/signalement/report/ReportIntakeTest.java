package fr.signalement.report;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class ReportIntakeTest {
    @Inject
    AgroalDataSource db;

    static Map<String, Object> report(String category, double lat, double lon) {
        return Map.of("categoryCode", category, "lat", lat, "lon", lon, "description", "Nid de poule dangereux",
                "accuracyM", 8.5);
    }

    static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/reports");
    }

    @Test
    void acknowledgementCarriesWhatTheLawAsksAndThePlace() {
        // Hôtel de Ville: quartier Saint-Merri, 4e arrondissement.
        Instant before = Instant.now();
        Response r = post(report(Spots.POTHOLE, 48.85660, 2.35220));
        r.then().statusCode(201)
                .header("Location", containsString("/api/v1/reports/SIG-"))
                .body("trackingNumber", startsWith("SIG-" + java.time.Year.now().getValue() + "-"))
                .body("status", equalTo("NEW"))
                .body("statusLabel", equalTo("Nouveau"))
                .body("category.code", equalTo(Spots.POTHOLE))
                .body("service.name", equalTo("Voirie et déplacements"))
                .body("service.email", containsString("@"))
                .body("service.phone", equalTo("3975"))
                .body("service.address", containsString("Hôtel de Ville"))
                .body("joinedExistingAlert", equalTo(false))
                .body("reportCount", equalTo(1))
                .body("alertId", greaterThan(0))
                .body("quartier", equalTo("Saint-Merri"))
                .body("address", containsString("Hotel de Ville"))
                .body("followToken", notNullValue())
                .body("followUrl", startsWith("http://localhost:8080/suivi/SIG-"));
        Instant received = Instant.parse(r.path("receivedAt"));
        Instant due = Instant.parse(r.path("dueAt"));
        assertFalse(received.isBefore(before.minusSeconds(1)));
        assertEquals(Duration.ofHours(48), Duration.between(received, due), "pothole promise is 48 h");
    }

    @Test
    void reportsOfOnePlaceAndCategoryMergeIntoOneAlertWhoseCentreFollowsThem() throws Exception {
        int spot = 1;
        long first = ((Number) post(report(Spots.BULKY, Spots.lat(spot), Spots.lon(spot))).then().statusCode(201)
                .extract().path("alertId")).longValue();
        // 20 m north: within the 25 m radius of "encombrants".
        Response second = post(report(Spots.BULKY, Spots.latNorth(spot, 20), Spots.lon(spot)));
        second.then().statusCode(201).body("joinedExistingAlert", equalTo(true)).body("reportCount", equalTo(2));
        assertEquals(first, ((Number) second.path("alertId")).longValue());
        // The alert now sits between its two reports, 10 m from each.
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ST_Distance(geography(position), geography(ST_SetSRID(ST_MakePoint("
                     + Spots.lon(spot) + ", " + Spots.lat(spot) + "), 4326))), report_count, first_report_at < last_report_at "
                     + "FROM alert WHERE id = " + first)) {
            rs.next();
            assertEquals(10.0, rs.getDouble(1), 0.5);
            assertEquals(2, rs.getInt(2));
            assertTrue(rs.getBoolean(3));
        }
        // 60 m away is another problem; so is another category at the very same spot.
        Response far = post(report(Spots.BULKY, Spots.latNorth(spot, 60), Spots.lon(spot)));
        far.then().statusCode(201).body("joinedExistingAlert", equalTo(false));
        Response other = post(report(Spots.BAGS, Spots.lat(spot), Spots.lon(spot)));
        other.then().statusCode(201).body("joinedExistingAlert", equalTo(false));
        assertNotEquals(first, ((Number) far.path("alertId")).longValue());
        assertNotEquals(first, ((Number) other.path("alertId")).longValue());
    }

    @Test
    void mergeRadiusIsTrueGeodesicMetres() {
        int spot = 2;
        // East-west: one degree of longitude is ~73 km at Paris' latitude, not 111 km; 28 m east joins,
        // 35 m east does not (pothole radius 30 m).
        double metrePerDegLon = 111_320.0 * Math.cos(Math.toRadians(Spots.lat(spot)));
        long a = ((Number) post(report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot))).path("alertId")).longValue();
        long b = ((Number) post(report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot) + 28 / metrePerDegLon)).path("alertId")).longValue();
        long c = ((Number) post(report(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot) - 35 / metrePerDegLon)).path("alertId")).longValue();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void badInputIsRefusedWithAProblemNamingTheField() {
        post(report(Spots.POTHOLE, 48.8049, 2.1204)) // Versailles
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Paris")).body("status", equalTo(422));
        post(report("no-such-category", 48.8566, 2.3522)).then().statusCode(422).body("field", equalTo("categoryCode"));
        post(report(Spots.DISABLED, 48.8566, 2.3522)).then().statusCode(422).body("field", equalTo("categoryCode"))
                .body("detail", containsString("n'est pas ouverte"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lon", 2.35)).then().statusCode(400).body("field", equalTo("lat"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 95, "lon", 2.35)).then().statusCode(400).body("field", equalTo("lat"));
        post(Map.of("lat", 48.85, "lon", 2.35)).then().statusCode(400).body("field", equalTo("categoryCode"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", "abc", "lon", 2.35)).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("lat"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 48.85, "lon", 2.35, "description", "x".repeat(2001)))
                .then().statusCode(400).body("field", equalTo("description"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 48.85, "lon", 2.35, "description", "a\u0000b"))
                .then().statusCode(400).body("field", equalTo("description"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 48.85, "lon", 2.35, "contactEmail", "not-an-email"))
                .then().statusCode(400).body("field", equalTo("contactEmail"));
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 48.85, "lon", 2.35, "channel", "pigeon"))
                .then().statusCode(400).body("field", equalTo("channel"));
        given().contentType(ContentType.JSON).body("{\"categoryCode\": ").post("/api/v1/reports")
                .then().statusCode(400).contentType("application/problem+json").body("title", notNullValue());
        given().contentType(ContentType.JSON).header("Idempotency-Key", "not-a-uuid").body(report(Spots.POTHOLE, 48.85, 2.35))
                .post("/api/v1/reports").then().statusCode(400).body("field", equalTo("Idempotency-Key"));
    }

    @Test
    void refusedReportsLeaveNothingBehind() throws Exception {
        long before = count("SELECT count(*) FROM report");
        post(report(Spots.POTHOLE, 48.8049, 2.1204)).then().statusCode(422);
        post(Map.of("categoryCode", Spots.POTHOLE, "lat", 48.85, "lon", 2.35, "contactEmail", "x@")).then().statusCode(400);
        assertEquals(before, count("SELECT count(*) FROM report"));
    }

    @Test
    void retryWithTheSameIdempotencyKeyReturnsTheSameAcknowledgement() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = report(Spots.SHUTTER_GRAFFITI, Spots.lat(3), Spots.lon(3));
        Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/reports");
        first.then().statusCode(201).header("Idempotent-Replayed", "false");
        Response again = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/reports");
        again.then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("trackingNumber", equalTo(first.path("trackingNumber")))
                .body("followToken", equalTo(first.path("followToken")))
                .body("alertId", equalTo(first.path("alertId")))
                .body("joinedExistingAlert", equalTo(false))
                .body("reportCount", equalTo(1));
        assertEquals(1, count("SELECT count(*) FROM report WHERE idempotency_key = '" + key + "'"));
    }

    @Test
    void followUpShowsOwnReportOnlyWithTheRightToken() {
        Response ack = post(Map.of("categoryCode", Spots.BAGS, "lat", Spots.lat(4), "lon", Spots.lon(4),
                "description", "Sacs devant le 3", "contactEmail", "alice@example.org"));
        String tn = ack.path("trackingNumber");
        given().queryParam("token", (String) ack.path("followToken")).get("/api/v1/reports/" + tn)
                .then().statusCode(200)
                .body("trackingNumber", equalTo(tn))
                .body("status", equalTo("NEW"))
                .body("category.code", equalTo(Spots.BAGS))
                .body("timeline", hasSize(1))
                .body("timeline[0].statusLabel", equalTo("Signalement reçu"))
                .body("service.name", notNullValue())
                .body("canReopen", equalTo(false))
                .body(org.hamcrest.Matchers.not(containsString("alice@example.org")));
        given().queryParam("token", "wrong").get("/api/v1/reports/" + tn).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/reports/" + tn).then().statusCode(404);
        given().queryParam("token", (String) ack.path("followToken")).get("/api/v1/reports/SIG-1999-000001")
                .then().statusCode(404);
    }

    @Test
    void categoriesAreListedByGroupEnabledOnly() {
        given().get("/api/v1/categories").then().statusCode(200)
                .body("size()", equalTo(10))
                .body("group", org.hamcrest.Matchers.hasItem("Voirie et espace public"))
                .body("categories.flatten().code", org.hamcrest.Matchers.hasItem(Spots.POTHOLE))
                .body("categories.flatten().code", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(Spots.DISABLED)))
                .body("categories.flatten().find { it.code == '" + Spots.POTHOLE + "' }.deadlineHours", equalTo(48));
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
