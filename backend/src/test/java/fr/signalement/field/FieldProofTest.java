package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static fr.signalement.field.FieldCrew.action;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Proof of fix (issue #16): a fresh fix or nothing, and the dispatcher sees it. Spots 180–184. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldProofTest {
    FieldCrew crew;

    @BeforeEach
    void setUp() {
        crew = new FieldCrew("Voirie preuve");
    }

    @Test
    void theAppIsServedTheProofRules() {
        crew.agent.as().get("/api/v1/field/settings").then().statusCode(200)
                .body("proof.resolveMaxDistanceM", equalTo(100.0f))
                .body("proof.fixMaxAgeS", equalTo(120))
                .body("proof.fixTimeoutS", equalTo(45))
                .body("proof.fixAccuracyM", equalTo(30))
                .body("map.tileUrl", org.hamcrest.Matchers.startsWith("https://data.geopf.fr/wmts?"))
                .body("map.tileUrl", org.hamcrest.Matchers.containsString("TILEMATRIX={z}&TILECOL={x}&TILEROW={y}"))
                .body("map.attribution", org.hamcrest.Matchers.containsString("IGN"));
        crew.dispatcher.as().get("/api/v1/field/settings").then().statusCode(403);
    }

    @Test
    void aStaleFixIsRefusedAndChangesNothing() {
        int id = crew.assignedAlert(180);
        long v = crew.version(id);
        // Taken at the depot twenty minutes before the tap, replayed later by the offline queue.
        crew.act(id, action("RESOLVE", v, "lat", Spots.lat(180), "lon", Spots.lon(180), "accuracyM", 6.0,
                "at", "2026-11-25T10:00:00Z", "fixAt", "2026-11-25T09:40:00Z"))
                .then().statusCode(422).contentType("application/problem+json").body("field", equalTo("fixAt"))
                .body("fixAgeS", equalTo(1200));
        // No fix time at all: not a proof either.
        crew.act(id, action("RESOLVE", v, "lat", Spots.lat(180), "lon", Spots.lon(180), "at", "2026-11-25T10:00:00Z"))
                .then().statusCode(400).body("field", equalTo("fixAt"));
        crew.agent.as().get("/api/v1/interventions/" + id).then().body("status", equalTo("ASSIGNED")).body("version", equalTo((int) v));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().body("proof", nullValue());
    }

    @Test
    void theDispatcherSeesTheProof() {
        int id = crew.assignedAlert(181);
        long v = crew.version(id);
        double lat = Spots.latNorth(181, 40);
        crew.act(id, action("RESOLVE", v, "lat", lat, "lon", Spots.lon(181), "accuracyM", 7.5,
                "at", "2026-11-25T10:00:00Z", "fixAt", "2026-11-25T09:59:10Z", "note", "Rebouché"))
                .then().statusCode(200).body("intervention.status", equalTo("RESOLVED"));
        JsonPath proof = crew.dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("proof.fixAt", equalTo("2026-11-25T09:59:10Z"))
                .body("proof.at", equalTo("2026-11-25T10:00:00Z"))
                .body("proof.reason", nullValue()).extract().jsonPath().setRootPath("proof");
        // JsonPath reads numbers as floats: 1e-5° is about a metre.
        assertEquals(lat, proof.getDouble("lat"), 1e-5);
        assertEquals(Spots.lon(181), proof.getDouble("lon"), 1e-5);
        assertEquals(7.5, proof.getDouble("accuracyM"), 1e-4);
        assertEquals(40.0, proof.getDouble("distanceM"), 1.0);
        assertEquals(100.0, proof.getDouble("maxDistanceM"), 1e-4);
    }

    @Test
    void aFarProofKeepsItsReason() {
        int id = crew.assignedAlert(182);
        long v = crew.version(id);
        String now = Instant.now().toString();
        crew.act(id, action("RESOLVE", v, "lat", Spots.latNorth(182, 300), "lon", Spots.lon(182), "accuracyM", 12.0,
                "at", now, "fixAt", now, "distanceReason", "Trou au 14, adresse erronée"))
                .then().statusCode(200);
        JsonPath proof = crew.dispatcher.as().get("/api/v1/alerts/" + id).then()
                .body("proof.reason", equalTo("Trou au 14, adresse erronée")).extract().jsonPath();
        assertEquals(300.0, proof.getDouble("proof.distanceM"), 3.0);
    }

}
