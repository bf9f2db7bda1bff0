package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photos are named by random keys and every read is checked: anyone sees a published photo; staff
 * see every photo; a reporter sees their own report's photos through their follow-up link; an
 * agent's after-photo is staff-only until published. (Spots 200–201.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class PhotoAccessTest {
    Staff.Account dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
    }

    static byte[] jpeg() throws IOException {
        try (InputStream in = PhotoAccessTest.class.getResourceAsStream("/photos/street.jpg")) {
            return in.readAllBytes();
        }
    }

    static Response reportWithPhoto(int spot, double northM, String description) throws IOException {
        String json = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.latNorth(spot, northM) + ",\"lon\":"
                + Spots.lon(spot) + ",\"description\":\"" + description + "\"}";
        Response r = given().multiPart("report", json, "application/json").multiPart("photo", "street.jpg", jpeg(), "image/jpeg")
                .post("/api/v1/reports");
        r.then().statusCode(201);
        return r;
    }

    static String bare(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Test
    void photosAreNamedByRandomKeysAndServedOnlyToThoseWhoMaySeeThem() throws IOException {
        Response first = reportWithPhoto(200, 0, "Matelas");
        Response second = reportWithPhoto(200, 5, "Canapé");
        long alertId = ((Number) first.path("alertId")).longValue();
        assertEquals(alertId, ((Number) second.path("alertId")).longValue(), "both reports are on one alert");

        Response page = dispatcher.as().get("/api/v1/alerts/" + alertId);
        page.then().statusCode(200).body("reports", hasSize(2));
        String key = page.path("reports[0].photos[0].key");
        String otherKey = page.path("reports[1].photos[0].key");
        UUID.fromString(key);
        String signed = page.path("reports[0].photos[0].thumbnailUrl");
        assertTrue(signed.startsWith("/api/v1/photos/" + key + "/thumbnail?") && signed.contains("sig="), signed);
        assertEquals(false, page.path("reports[0].photos[0].published"));

        // The internal, sequential id names nothing.
        long numericId = TestSql.count("SELECT id FROM photo WHERE public_key = CAST(? AS uuid)", key);
        given().get("/api/v1/photos/" + numericId).then().statusCode(404);
        // Anonymous, unpublished: as if it did not exist; a forged or expired signature does not help.
        given().get("/api/v1/photos/" + key).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/v1/photos/" + key + "/thumbnail").then().statusCode(404);
        given().get(signed.replaceAll("sig=[^&]+", "sig=AAAAAAAAAAAAAAAAAAAAAAAA")).then().statusCode(404);
        given().get(signed.replaceAll("until=\\d+", "until=1")).then().statusCode(404);
        given().get("/api/v1/photos/" + otherKey + "?" + signed.substring(signed.indexOf('?') + 1)).then().statusCode(404);
        // The signed address the staff page carries works in an <img>, without a token.
        given().get(signed).then().statusCode(200).contentType("image/jpeg").header("Cache-Control", org.hamcrest.Matchers.containsString("private"));
        // Any signed-in staff member may send their token instead (the agents' app does).
        Staff.create("SUPERVISOR", null).as().get("/api/v1/photos/" + key).then().statusCode(200);

        // The first reporter sees their own photo, never the second reporter's.
        Response follow = given().queryParam("token", (String) first.path("followToken"))
                .get("/api/v1/reports/" + first.path("trackingNumber"));
        follow.then().statusCode(200).body("photos", hasSize(1));
        String own = follow.path("photos[0].url");
        assertTrue(own.contains(key) || !own.contains(otherKey));
        assertFalse(follow.asString().contains(otherKey), "another reporter's photo key");
        given().get(own).then().statusCode(200);

        // Published: a bare address for everyone; withdrawn: private again.
        dispatcher.as().put("/api/v1/alerts/" + alertId + "/photos/" + key + "/publication").then().statusCode(200)
                .body("reports.find { it.photos.size() > 0 && it.photos[0].key == '" + key + "' }.photos[0].published", org.hamcrest.Matchers.equalTo(true));
        given().get("/api/v1/photos/" + key).then().statusCode(200).header("Cache-Control", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("private")));
        given().get("/api/v1/photos/" + otherKey).then().statusCode(404);
        dispatcher.as().delete("/api/v1/alerts/" + alertId + "/photos/" + key + "/publication").then().statusCode(200);
        given().get("/api/v1/photos/" + key).then().statusCode(404);
        // Not a key, or a key of another alert.
        given().get("/api/v1/photos/not-a-key").then().statusCode(404);
        dispatcher.as().put("/api/v1/alerts/999999/photos/" + key + "/publication").then().statusCode(404);
    }

    @Test
    void afterPhotosAreStaffOnlyUntilPublished() throws IOException {
        long team = Staff.team(Spots.POTHOLE, "Voirie photos " + UUID.randomUUID(), List.of());
        Staff.Account agent = Staff.create("AGENT", team);
        Response ack = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(201), "lon", Spots.lon(201), "description", "Trou"))
                .post("/api/v1/reports");
        ack.then().statusCode(201);
        int id = ack.path("alertId");
        dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        dispatcher.as().body(Map.of("to", "ASSIGNED", "teamId", team)).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        long v = ((Number) agent.as().get("/api/v1/interventions/" + id).path("version")).longValue();
        agent.as().contentType("multipart/form-data").multiPart("photo", "after.jpg", jpeg(), "image/jpeg")
                .multiPart("clientActionId", UUID.randomUUID().toString()).multiPart("baseVersion", String.valueOf(v))
                .post("/api/v1/interventions/" + id + "/photos").then().statusCode(201);

        // The agents' app reads the bare address with its token.
        String agentUrl = agent.as().get("/api/v1/interventions/" + id).path("photos.find { it.kind == 'AFTER' }.url");
        agent.as().get(agentUrl).then().statusCode(200);
        given().get(agentUrl).then().statusCode(404);
        String key = dispatcher.as().get("/api/v1/alerts/" + id).path("afterPhotos[0].key");
        assertTrue(agentUrl.endsWith(key));

        String tn = ack.path("trackingNumber");
        String token = ack.path("followToken");
        given().queryParam("token", token).get("/api/v1/reports/" + tn).then().statusCode(200).body("afterPhotos", hasSize(0));

        dispatcher.as().put("/api/v1/alerts/" + id + "/photos/" + key + "/publication").then().statusCode(200)
                .body("afterPhotos[0].published", org.hamcrest.Matchers.equalTo(true));
        given().queryParam("token", token).get("/api/v1/reports/" + tn).then().statusCode(200).body("afterPhotos", hasSize(1));
        given().get("/api/v1/photos/" + key).then().statusCode(200);
    }
}
