package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.field.FieldCrew.action;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

/** "Can't fix" (issue #16): a reason from the server's list, mapped to where someone can act. Spots 185–189. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldOutcomeTest {
    FieldCrew crew;

    @BeforeEach
    void setUp() {
        crew = new FieldCrew("Voirie issues");
    }

    @Test
    void theReasonsAreTheServers() {
        crew.agent.as().get("/api/v1/field/settings").then().statusCode(200)
                .body("cantFixReasons.code", equalTo(List.of("OTHER_TEAM", "MATERIAL", "CONTRACTOR", "ACCESS", "NOT_FOUND")))
                .body("cantFixReasons.find { it.code == 'MATERIAL' }.returnsToDispatch", equalTo(false));
    }

    @Test
    void anotherTeamsJobGoesBackToTheDispatcherWithItsReason() {
        int id = crew.assignedAlert(185);
        long v = crew.version(id);
        crew.act(id, action("START", v)).then().statusCode(200);
        Map<String, Object> cant = action("CANT_FIX", v, "reason", "OTHER_TEAM", "note", "Câble électrique apparent");
        crew.act(id, cant).then().statusCode(200).body("intervention.status", equalTo("QUALIFIED"));
        crew.act(id, cant).then().statusCode(200).body("replayed", equalTo(true));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("alert.status", equalTo("QUALIFIED"))
                .body("alert.agent", nullValue())
                .body("timeline.find { it.type == 'CANT_FIX' }.note",
                        equalTo("Relève d'une autre équipe : Câble électrique apparent"))
                .body("timeline.findAll { it.type == 'TRANSITION' }.to", hasItems("ASSIGNED", "QUALIFIED"))
                .body("allowedTransitions", hasItem("ASSIGNED"));
        // No longer the team's work.
        crew.agent.as().get("/api/v1/interventions/" + id).then().statusCode(404);
    }

    @Test
    void waitingForMaterialStaysWithTheTeamNoLongerInProgress() {
        int id = crew.assignedAlert(186);
        long v = crew.version(id);
        crew.act(id, action("START", v)).then().statusCode(200);
        crew.act(id, action("CANT_FIX", v, "reason", "MATERIAL")).then().statusCode(200)
                .body("intervention.status", equalTo("ASSIGNED"));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then()
                .body("timeline.find { it.type == 'CANT_FIX' }.note", equalTo("En attente de matériel"));
    }

    @Test
    void anUnknownReasonIsRefusedAndChangesNothing() {
        int id = crew.assignedAlert(187);
        long v = crew.version(id);
        crew.act(id, action("CANT_FIX", v, "reason", "LAZY")).then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("reason")).body("allowed", hasItem("CONTRACTOR"));
        crew.act(id, action("CANT_FIX", v)).then().statusCode(422).body("field", equalTo("reason"));
        crew.agent.as().get("/api/v1/interventions/" + id).then().body("status", equalTo("ASSIGNED")).body("version", equalTo((int) v));
    }

    @Test
    void aNewProblemSeenOnTheRoundIsAFieldReportAtTheAgentsPosition() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> report = Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(188), "lon", Spots.lon(188),
                "accuracyM", 6.0, "description", "Nouveau trou vu en tournée", "channel", "field");
        int id = crew.agent.as().header("Idempotency-Key", key).body(report).post("/api/v1/reports").then().statusCode(201)
                .extract().path("alertId");
        // Replayed by the offline queue: the same report, not a second one.
        crew.agent.as().header("Idempotency-Key", key).body(report).post("/api/v1/reports").then()
                .statusCode(org.hamcrest.Matchers.oneOf(200, 201)).body("alertId", equalTo(id));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("alert.channel", equalTo("field"))
                .body("reports.size()", equalTo(1))
                .body("timeline.find { it.type == 'CREATED' }.actor", equalTo(crew.agent.username()));
        // Nobody else claims it came from the field.
        given().contentType(ContentType.JSON).body(report).post("/api/v1/reports").then().statusCode(403)
                .body("field", equalTo("channel"));
    }
}
