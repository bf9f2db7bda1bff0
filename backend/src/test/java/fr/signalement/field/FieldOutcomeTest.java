package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.field.InterventionTest.action;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** "Can't fix" (issue #16): a reason from the server's list, mapped to where someone can act. Spots 185–189. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldOutcomeTest {
    Staff.Account dispatcher;
    Staff.Account agent;
    long team;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
        team = Staff.team(Spots.POTHOLE, "Voirie issues " + UUID.randomUUID(), List.of());
        agent = Staff.create("AGENT", team);
    }

    int assignedAlert(int spot) {
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(spot), "lon", Spots.lon(spot), "description", "Trou"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
        dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        dispatcher.as().body(Map.of("to", "ASSIGNED", "teamId", team)).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        return id;
    }

    long version(int id) {
        return ((Number) agent.as().get("/api/v1/interventions/" + id).path("version")).longValue();
    }

    io.restassured.response.Response act(int id, Map<String, Object> body) {
        return agent.as().body(body).post("/api/v1/interventions/" + id + "/actions");
    }

    @Test
    void theReasonsAreTheServers() {
        agent.as().get("/api/v1/field/settings").then().statusCode(200)
                .body("cantFixReasons.code", equalTo(List.of("OTHER_TEAM", "MATERIAL", "CONTRACTOR", "ACCESS", "NOT_FOUND")))
                .body("cantFixReasons.find { it.code == 'MATERIAL' }.returnsToDispatch", equalTo(false));
    }

    @Test
    void anotherTeamsJobGoesBackToTheDispatcherWithItsReason() {
        int id = assignedAlert(185);
        long v = version(id);
        act(id, action("START", v)).then().statusCode(200);
        Map<String, Object> cant = action("CANT_FIX", v, "reason", "OTHER_TEAM", "note", "Câble électrique apparent");
        act(id, cant).then().statusCode(200).body("intervention.status", equalTo("QUALIFIED"));
        act(id, cant).then().statusCode(200).body("replayed", equalTo(true));
        dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("alert.status", equalTo("QUALIFIED"))
                .body("alert.agent", nullValue())
                .body("timeline.find { it.type == 'CANT_FIX' }.note",
                        equalTo("Relève d'une autre équipe : Câble électrique apparent"))
                .body("timeline.findAll { it.type == 'TRANSITION' }.to", hasItems("ASSIGNED", "QUALIFIED"))
                .body("allowedTransitions", hasItem("ASSIGNED"));
        // No longer the team's work.
        agent.as().get("/api/v1/interventions/" + id).then().statusCode(404);
    }

    @Test
    void waitingForMaterialStaysWithTheTeamNoLongerInProgress() {
        int id = assignedAlert(186);
        long v = version(id);
        act(id, action("START", v)).then().statusCode(200);
        act(id, action("CANT_FIX", v, "reason", "MATERIAL")).then().statusCode(200)
                .body("intervention.status", equalTo("ASSIGNED"));
        dispatcher.as().get("/api/v1/alerts/" + id).then()
                .body("timeline.find { it.type == 'CANT_FIX' }.note", equalTo("En attente de matériel"));
    }

    @Test
    void anUnknownReasonIsRefusedAndChangesNothing() {
        int id = assignedAlert(187);
        long v = version(id);
        act(id, action("CANT_FIX", v, "reason", "LAZY")).then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("reason")).body("allowed", hasItem("CONTRACTOR"));
        act(id, action("CANT_FIX", v)).then().statusCode(422).body("field", equalTo("reason"));
        agent.as().get("/api/v1/interventions/" + id).then().body("status", equalTo("ASSIGNED")).body("version", equalTo((int) v));
    }

    @Test
    void aNewProblemSeenOnTheRoundIsAFieldReportAtTheAgentsPosition() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> report = Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(188), "lon", Spots.lon(188),
                "accuracyM", 6.0, "description", "Nouveau trou vu en tournée", "channel", "field");
        int id = agent.as().header("Idempotency-Key", key).body(report).post("/api/v1/reports").then().statusCode(201)
                .extract().path("alertId");
        // Replayed by the offline queue: the same report, not a second one.
        agent.as().header("Idempotency-Key", key).body(report).post("/api/v1/reports").then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)).body("alertId", equalTo(id));
        dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("alert.channel", equalTo("field"))
                .body("reports.size()", equalTo(1))
                .body("timeline.find { it.type == 'CREATED' }.actor", equalTo(agent.username()));
        // Nobody else claims it came from the field.
        given().contentType(ContentType.JSON).body(report).post("/api/v1/reports").then().statusCode(403)
                .body("field", equalTo("channel"));
    }
}
