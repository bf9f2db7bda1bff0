package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import fr.signalement.common.RequestLoad;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New-job alerts without Play services (issue #16): device registration and the events long-poll. Spots 250–251. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldEventsTest {
    Staff.Account dispatcher;
    Staff.Account agent;
    Staff.Account otherAgent;
    long team;
    long otherTeam;
    @Inject
    RequestLoad load;

    @BeforeEach
    void setUp() {
        dispatcher = Staff.create("DISPATCHER", null);
        team = Staff.team(Spots.POTHOLE, "Voirie alertes " + UUID.randomUUID(), List.of());
        otherTeam = Staff.team(Spots.POTHOLE, "Voirie autres " + UUID.randomUUID(), List.of());
        agent = Staff.create("AGENT", team);
        otherAgent = Staff.create("AGENT", otherTeam);
    }

    /**
     * Only spots 250 and 251 of this class's range lie inside Paris: the alerts differ by category
     * there, so they never join each other.
     */
    int qualifiedAlert(int spot, String category) {
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", Spots.lat(spot), "lon", Spots.lon(spot), "description", "Trou"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
        dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        return id;
    }

    void assign(int id, long teamId) {
        dispatcher.as().body(Map.of("to", "ASSIGNED", "teamId", teamId)).post("/api/v1/alerts/" + id + "/transitions")
                .then().statusCode(200);
    }

    /** Registers a tablet; answers the cursor to poll from. */
    long register(Staff.Account who, String device) {
        return ((Number) who.as().body(Map.of("deviceId", device, "platform", "android", "appVersion", "0.1.0"))
                .post("/api/v1/field/devices").then().statusCode(200)
                .body("deviceId", equalTo(device)).body("teamId", equalTo((int) (long) who.teamId()))
                .extract().path("cursor")).longValue();
    }

    JsonPath poll(Staff.Account who, long after, String wait) {
        return who.as().queryParam("after", after).queryParam("wait", wait).get("/api/v1/field/events")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void anAssignmentIsNewToTheTeamAndOnlyToIt() {
        String device = "tab-" + UUID.randomUUID();
        long cursor = register(agent, device);
        long otherCursor = register(otherAgent, "tab-" + UUID.randomUUID());
        assertEquals(1, TestSql.count("SELECT count(*) FROM field_device WHERE device_id = ? AND agent_id = ? AND team_id = ?",
                device, agent.id(), team));
        int id = qualifiedAlert(250, Spots.POTHOLE);
        assign(id, team);
        JsonPath page = poll(agent, cursor, "0");
        assertEquals(List.of("NEW"), page.getList("events.kind"));
        assertEquals(id, page.getInt("events[0].alertId"));
        assertEquals("ASSIGNED", page.getString("events[0].status"));
        assertTrue(page.getString("events[0].category") != null && page.getString("events[0].dueAt") != null);
        long next = page.getLong("next");
        assertTrue(next > cursor);
        // Nothing twice, nothing for another team.
        assertTrue(poll(agent, next, "0").getList("events").isEmpty());
        assertEquals(next, poll(agent, next, "0").getLong("next"));
        assertTrue(poll(otherAgent, otherCursor, "0").getList("events").isEmpty());
    }

    @Test
    void aJobHandedToAnotherTeamIsReassignedForIt() {
        long cursor = register(otherAgent, "tab-" + UUID.randomUUID());
        int id = qualifiedAlert(251, Spots.POTHOLE);
        assign(id, team);
        assign(id, otherTeam);
        JsonPath page = poll(otherAgent, cursor, "0");
        assertEquals(List.of("REASSIGNED"), page.getList("events.kind"));
        assertEquals(id, page.getInt("events[0].alertId"));
    }

    @Test
    void anAgentsOwnStepBackIsNotNews() {
        int id = qualifiedAlert(250, Spots.BULKY);
        assign(id, team);
        long cursor = register(agent, "tab-" + UUID.randomUUID());
        long v = ((Number) agent.as().get("/api/v1/interventions/" + id).path("version")).longValue();
        agent.as().body(FieldCrew.action("START", v)).post("/api/v1/interventions/" + id + "/actions").then().statusCode(200);
        agent.as().body(FieldCrew.action("CANT_FIX", v, "reason", "MATERIAL"))
                .post("/api/v1/interventions/" + id + "/actions").then().statusCode(200)
                .body("intervention.status", equalTo("ASSIGNED"));
        assertTrue(poll(agent, cursor, "0").getList("events").isEmpty());
    }

    @Test
    void aJobPastItsDeadlineIsOverdueOncePerDeadline() {
        int id = qualifiedAlert(251, Spots.BULKY);
        assign(id, team);
        long cursor = register(agent, "tab-" + UUID.randomUUID());
        TestSql.exec("UPDATE alert SET due_at = now() - interval '2 hours' WHERE id = ?", (long) id);
        JsonPath page = poll(agent, cursor, "0");
        assertEquals(List.of("OVERDUE"), page.getList("events.kind"));
        assertEquals(id, page.getInt("events[0].alertId"));
        long next = page.getLong("next");
        assertTrue(poll(agent, next, "0").getList("events").isEmpty());
        // A new deadline, missed again: told again.
        TestSql.exec("UPDATE alert SET due_at = now() - interval '1 hour' WHERE id = ?", (long) id);
        assertEquals(List.of("OVERDUE"), poll(agent, next, "0").getList("events.kind"));
    }

    @Inject
    fr.signalement.retention.FieldEventRetention retention;

    @Test
    void retentionForgetsOldNewsButNotThatAJobIsStillOverdue() {
        int id = qualifiedAlert(251, Spots.SHUTTER_GRAFFITI);
        assign(id, team);
        String device = "tab-" + UUID.randomUUID();
        long cursor = register(agent, device);
        TestSql.exec("UPDATE alert SET due_at = now() - interval '2 hours' WHERE id = ?", (long) id);
        long next = poll(agent, cursor, "0").getLong("next");
        TestSql.exec("UPDATE field_event SET created_at = now() - interval '40 days' WHERE alert_id = ?", (long) id);
        TestSql.exec("UPDATE field_device SET last_seen_at = now() - interval '100 days' WHERE device_id = ?", device);

        retention.run();

        assertEquals(0, TestSql.count("SELECT count(*) FROM field_event WHERE alert_id = ? AND kind <> 'OVERDUE'", (long) id));
        assertEquals(1, TestSql.count("SELECT count(*) FROM field_event WHERE alert_id = ? AND kind = 'OVERDUE'", (long) id));
        assertEquals(0, TestSql.count("SELECT count(*) FROM field_device WHERE device_id = ?", device));
        // Still overdue at the same deadline: not told again.
        assertTrue(poll(agent, next, "0").getList("events").isEmpty());
        // Done: its OVERDUE event goes at the next run.
        TestSql.exec("UPDATE alert SET status = 'CLOSED', closed_at = now() WHERE id = ?", (long) id);
        retention.run();
        assertEquals(0, TestSql.count("SELECT count(*) FROM field_event WHERE alert_id = ?", (long) id));
    }

    @Test
    void aWaitingPollAnswersWhenTheJobArrives() throws Exception {
        String device = "tab-" + UUID.randomUUID();
        long cursor = register(agent, device);
        Object registeredSeen = TestSql.scalar("SELECT last_seen_at FROM field_device WHERE device_id = ?", device);
        int id = qualifiedAlert(250, Spots.BAGS);
        // The longest wait: if the poll did not answer on the assignment, it would come back empty.
        CompletableFuture<JsonPath> waiting = heldPoll(device, cursor, "30s");
        // The poll is in (it marks the tablet seen before waiting), then the dispatcher assigns.
        waitUntilIn(device, registeredSeen);
        assertTrue(!waiting.isDone(), "a poll with no event yet waits");
        assign(id, team);
        JsonPath page = waiting.get(60, TimeUnit.SECONDS);
        assertEquals(List.of("NEW"), page.getList("events.kind"));
        assertEquals(id, page.getInt("events[0].alertId"));
    }

    @Test
    void withoutACursorTheTabletStartsFromNow() {
        int id = qualifiedAlert(251, Spots.BAGS);
        assign(id, team);
        long head = TestSql.count("SELECT max(id) FROM field_event WHERE team_id = ?", team);
        agent.as().get("/api/v1/field/events").then().statusCode(200)
                .body("events", empty()).body("next", equalTo((int) head));
    }

    @Test
    void badInputIsRefused() {
        agent.as().queryParam("after", "abc").get("/api/v1/field/events").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("after"));
        agent.as().queryParam("after", 0).queryParam("wait", "999s").get("/api/v1/field/events").then().statusCode(400)
                .body("field", equalTo("wait"));
        agent.as().body(Map.of("deviceId", "x")).post("/api/v1/field/devices").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("deviceId"));
        dispatcher.as().get("/api/v1/field/events").then().statusCode(403);
        given().get("/api/v1/field/events").then().statusCode(401);
    }

    /**
     * A poll waiting for events is not work: photo work does not give way to it (common/RequestLoad). With
     * hundreds of tablets each holding a poll, the server would otherwise look busy all the time.
     */
    @Test
    void aPollWaitingForEventsDoesNotCountAsLoad() throws Exception {
        String device = "tab-" + UUID.randomUUID();
        long cursor = register(agent, device);
        Object registeredSeen = TestSql.scalar("SELECT last_seen_at FROM field_device WHERE device_id = ?", device);
        Instant quiet = Instant.now().plus(Duration.ofSeconds(60));
        while (load.share() > 0.05) {
            assertTrue(Instant.now().isBefore(quiet), "earlier requests never faded: " + load.share());
            Thread.sleep(20);
        }
        CompletableFuture<JsonPath> waiting = heldPoll(device, cursor, "4s");
        waitUntilIn(device, registeredSeen);
        // Counted as work, a second and a half in flight would be 78 % of the last second.
        Thread.sleep(1500);
        assertTrue(load.share() < 0.3, "a waiting poll is not counted: " + load.share());
        assertEquals(List.of(), waiting.get(60, TimeUnit.SECONDS).getList("events"));
    }

    /** The agent's poll with the tablet named, sent in the background. */
    CompletableFuture<JsonPath> heldPoll(String device, long cursor, String wait) {
        return CompletableFuture.supplyAsync(() -> agent.as()
                .queryParam("after", cursor).queryParam("wait", wait).queryParam("device", device)
                .get("/api/v1/field/events").then().statusCode(200).extract().jsonPath());
    }

    /** Until the poll has reached the server: it marks the tablet seen before it waits. */
    static void waitUntilIn(String device, Object seenBefore) throws InterruptedException {
        Instant bound = Instant.now().plus(Duration.ofSeconds(20));
        while (seenBefore.equals(TestSql.scalar("SELECT last_seen_at FROM field_device WHERE device_id = ?", device))) {
            assertTrue(Instant.now().isBefore(bound), "the poll never reached the server");
            Thread.sleep(20);
        }
    }
}
