package fr.signalement.alert;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public means moderated: anonymous endpoints (Open311 GET in JSON and XML, "already reported
 * here") show a report's text only once staff published it (as typed or edited), photos only once
 * published, and never the reporter's exact point or house number. Moderation goes through the
 * alert's timeline and the audit log. (Spots 203–207.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class ModerationTest {
    static final String PRIVATE_TEXT = "Appelez-moi au 06 12 34 56 78, j'habite juste au-dessus";

    Staff.Account dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
    }

    static Response report(int spot, String description) {
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(spot) + 0.00017, "lon", Spots.lon(spot) + 0.00023,
                        "description", description))
                .post("/api/v1/reports");
        r.then().statusCode(201);
        return r;
    }

    static Response open311(String tn, String format) {
        return given().get("/open311/v2/requests/" + tn + "." + format);
    }

    @Test
    void aReportsTextIsPublicOnlyOncePublishedAsTypedOrEdited() {
        Response ack = report(204, PRIVATE_TEXT);
        String tn = ack.path("trackingNumber");
        long alertId = ((Number) ack.path("alertId")).longValue();
        long reportId = TestSql.count("SELECT id FROM report WHERE tracking_number = ?", tn);

        Response json = open311(tn, "json");
        json.then().statusCode(200).body("[0].description", nullValue()).body("[0].address_id", nullValue());
        assertFalse(json.asString().contains("06 12 34 56 78"));
        // The public position is the alert's, snapped to the public grid, not the reporter's point.
        var exact = json.jsonPath(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        double lat = exact.getDouble("[0].lat");
        double lon = exact.getDouble("[0].long");
        assertEquals(0, Math.abs(Math.round(lat / AlertSql.PUBLIC_GRID_DEG) * AlertSql.PUBLIC_GRID_DEG - lat), 1e-9);
        assertEquals(0, Math.abs(Math.round(lon / AlertSql.PUBLIC_GRID_DEG) * AlertSql.PUBLIC_GRID_DEG - lon), 1e-9);
        assertNotEquals(Spots.lat(204) + 0.00017, lat, 1e-6);
        // The street, without the house number the staff see.
        String street = json.path("[0].address");
        String staffAddress = (String) TestSql.scalar("SELECT address FROM report WHERE id = ?", reportId);
        assertTrue(staffAddress.matches("^\\d.*"), staffAddress);
        assertFalse(street.matches("^\\d.*"), street);
        assertTrue(staffAddress.endsWith(street), staffAddress + " / " + street);
        // The list says no more than the single request.
        given().queryParam("service_code", Spots.BULKY).get("/open311/v2/requests.json").then().statusCode(200)
                .body(not(containsString("06 12 34 56 78")));
        assertFalse(open311(tn, "xml").asString().contains("06 12 34 56 78"));

        // Published with an edited text: the public reads the edit, staff keep the original.
        String edited = "Matelas abandonné sur le trottoir";
        dispatcher.as().body(Map.of("publicText", edited))
                .put("/api/v1/alerts/" + alertId + "/reports/" + reportId + "/publication").then().statusCode(200)
                .body("reports[0].description", equalTo(PRIVATE_TEXT))
                .body("reports[0].publicDescription", equalTo(edited));
        open311(tn, "json").then().body("[0].description", equalTo(edited));
        String xml = open311(tn, "xml").asString();
        assertTrue(xml.contains("<description>" + edited + "</description>"), xml);
        assertFalse(xml.contains("06 12 34 56 78"));

        // The timeline and the audit log record the decision, not the text.
        Response page = dispatcher.as().get("/api/v1/alerts/" + alertId);
        page.then().body("timeline.findAll { it.type == 'MODERATION' }", hasSize(1))
                .body("timeline.find { it.type == 'MODERATION' }.data.action", equalTo("description.published_edited"))
                .body("timeline.find { it.type == 'MODERATION' }.actor", equalTo(dispatcher.username()));
        assertFalse(TestSql.scalar("SELECT string_agg(coalesce(note, '') || coalesce(data::text, ''), ' ') FROM alert_event WHERE alert_id = ?",
                alertId).toString().contains(edited));
        assertEquals(1, TestSql.count("""
                SELECT count(*) FROM audit_log WHERE action = 'moderation.description.published_edited'
                  AND target = ? AND actor_id = ? AND (after ->> 'edited')::boolean""", "report:" + reportId, dispatcher.id()));

        // Published as typed (no body), then withdrawn.
        dispatcher.as().put("/api/v1/alerts/" + alertId + "/reports/" + reportId + "/publication").then().statusCode(200)
                .body("reports[0].publicDescription", equalTo(PRIVATE_TEXT));
        open311(tn, "json").then().body("[0].description", equalTo(PRIVATE_TEXT));
        dispatcher.as().delete("/api/v1/alerts/" + alertId + "/reports/" + reportId + "/publication").then().statusCode(200)
                .body("reports[0].publicDescription", nullValue());
        open311(tn, "json").then().body("[0].description", nullValue());
        assertEquals(3, ((Number) dispatcher.as().get("/api/v1/alerts/" + alertId)
                .path("timeline.findAll { it.type == 'MODERATION' }.size()")).intValue());
    }

    @Test
    void moderationIsForDispatchersInScopeAndRefusesWhatItCannotPublish() {
        Response ack = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(205), "lon", Spots.lon(205)))
                .post("/api/v1/reports");
        ack.then().statusCode(201);
        long alertId = ((Number) ack.path("alertId")).longValue();
        long reportId = TestSql.count("SELECT id FROM report WHERE tracking_number = ?", (String) ack.path("trackingNumber"));
        String path = "/api/v1/alerts/" + alertId + "/reports/" + reportId + "/publication";

        given().contentType(ContentType.JSON).put(path).then().statusCode(401);
        Staff.create("SUPERVISOR", null).as().put(path).then().statusCode(403);
        // No text to publish as typed: say what to do.
        dispatcher.as().put(path).then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("publicText")).body("detail", containsString("saisissez le texte"));
        dispatcher.as().body(Map.of("publicText", "x".repeat(Moderation.MAX_PUBLIC_TEXT + 1))).put(path)
                .then().statusCode(422).body("field", equalTo("publicText"));
        // A report of another alert, an alert that does not exist.
        long other = ((Number) report(206, "Autre").path("alertId")).longValue();
        dispatcher.as().put("/api/v1/alerts/" + other + "/reports/" + reportId + "/publication").then().statusCode(404)
                .contentType("application/problem+json");
        dispatcher.as().put("/api/v1/alerts/999999/reports/" + reportId + "/publication").then().statusCode(404);
        dispatcher.as().body(Map.of("publicText", "Encombrants sur le trottoir")).put(path).then().statusCode(200);
        assertNull(TestSql.scalar("SELECT description FROM report WHERE id = ?", reportId));
    }

    @Test
    void alreadyReportedHereShowsTheStreetAndOnlyPublishedPhotos() throws IOException {
        byte[] jpeg;
        try (InputStream in = ModerationTest.class.getResourceAsStream("/photos/street.jpg")) {
            jpeg = in.readAllBytes();
        }
        String json = "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(207) + ",\"lon\":" + Spots.lon(207)
                + ",\"description\":\"Matelas\"}";
        Response ack = given().multiPart("report", json, "application/json").multiPart("photo", "street.jpg", jpeg, "image/jpeg")
                .post("/api/v1/reports");
        ack.then().statusCode(201);
        long alertId = ((Number) ack.path("alertId")).longValue();
        String tn = ack.path("trackingNumber");

        Response near = given().queryParam("lat", Spots.lat(207)).queryParam("lon", Spots.lon(207))
                .queryParam("categoryCode", Spots.BULKY).get("/api/v1/alerts/nearby");
        near.then().statusCode(200).body("find { it.alertId == " + alertId + " }.thumbnailUrl", nullValue())
                .body("find { it.alertId == " + alertId + " }.address", not(nullValue()));
        String street = near.path("find { it.alertId == " + alertId + " }.address");
        assertFalse(street.matches("^\\d.*"), street);
        open311(tn, "json").then().body("[0].media_url", nullValue());

        String key = dispatcher.as().get("/api/v1/alerts/" + alertId).path("reports[0].photos[0].key");
        dispatcher.as().put("/api/v1/alerts/" + alertId + "/photos/" + key + "/publication").then().statusCode(200);
        given().queryParam("lat", Spots.lat(207)).queryParam("lon", Spots.lon(207)).queryParam("categoryCode", Spots.BULKY)
                .get("/api/v1/alerts/nearby").then().statusCode(200)
                .body("find { it.alertId == " + alertId + " }.thumbnailUrl", equalTo("/api/v1/photos/" + key + "/thumbnail"));
        open311(tn, "json").then().body("[0].media_url", endsWith("/api/v1/photos/" + key));
        given().get("/api/v1/photos/" + key + "/thumbnail").then().statusCode(200);
    }

    @Test
    void aReporterSeesTheirOwnWordsOnTheFollowUpPageNotAnotherReporters() {
        long team = Staff.team(Spots.BULKY, "Propreté suivi " + java.util.UUID.randomUUID(), java.util.List.of());
        Response first = report(203, "Premier");
        Response second = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(203) + 0.00019, "lon", Spots.lon(203) + 0.00023,
                        "description", "Second"))
                .post("/api/v1/reports");
        second.then().statusCode(201);
        long alertId = ((Number) first.path("alertId")).longValue();
        assertEquals(alertId, ((Number) second.path("alertId")).longValue());
        for (Map<String, Object> step : java.util.List.<Map<String, Object>>of(Map.of("to", "QUALIFIED"),
                Map.of("to", "ASSIGNED", "teamId", team), Map.of("to", "IN_PROGRESS"), Map.of("to", "RESOLVED"))) {
            dispatcher.as().body(step).post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);
        }
        String words = "Toujours là, je suis Mme Leroy du 4e étage";
        given().contentType(ContentType.JSON).queryParam("token", (String) first.path("followToken")).body(Map.of("comment", words))
                .post("/api/v1/reports/" + first.path("trackingNumber") + "/reopen").then().statusCode(200)
                .body("timeline.note", org.hamcrest.Matchers.hasItem(words));
        Response other = given().queryParam("token", (String) second.path("followToken"))
                .get("/api/v1/reports/" + second.path("trackingNumber"));
        other.then().statusCode(200).body("status", equalTo("QUALIFIED"));
        assertFalse(other.asString().contains("Mme Leroy"), other.asString());
        // Out of the shared queue: a reopened alert heads it, and other tests read its head.
        dispatcher.as().body(Map.of("to", "REJECTED", "reason", "CANNOT_ACT"))
                .post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);
    }
}
