package fr.signalement.field;

import fr.signalement.Spots;
import fr.signalement.Staff;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * What every field test starts from: a dispatcher, a new team of its own (pothole unless said) (so no other test's
 * jobs show in its lists) and an agent of that team, with the citizen-to-agent path of a job.
 */
final class FieldCrew {
    final Staff.Account dispatcher;
    final Staff.Account agent;
    final long team;
    /** The category of the crew's jobs, whose service the team belongs to. */
    final String category;

    FieldCrew(String teamName) {
        this(Spots.POTHOLE, teamName);
    }

    FieldCrew(String category, String teamName) {
        this.category = category;
        dispatcher = Staff.create("DISPATCHER", null);
        team = Staff.team(category, teamName + " " + UUID.randomUUID(), List.of());
        agent = Staff.create("AGENT", team);
    }

    /** A citizen's report of the crew's category at (lat, lon), qualified and assigned to its team: its alert id. */
    int assignedAlert(double lat, double lon, String description) {
        int id = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", lat, "lon", lon, "description", description))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
        dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        dispatcher.as().body(Map.of("to", "ASSIGNED", "teamId", team)).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(200);
        return id;
    }

    int assignedAlert(int spot) {
        return assignedAlert(Spots.lat(spot), Spots.lon(spot), "Trou");
    }

    /** The intervention's version as the agent's app last saw it. */
    long version(int id) {
        return ((Number) agent.as().get("/api/v1/interventions/" + id).path("version")).longValue();
    }

    /** The agent's action on job {@code id}, as the app's queue sends it. */
    Response act(int id, Map<String, Object> body) {
        return act(agent, id, body);
    }

    static Response act(Staff.Account who, int id, Map<String, Object> body) {
        return who.as().body(body).post("/api/v1/interventions/" + id + "/actions");
    }

    /** An action as the app queues it: a new client action id, the version seen, then key/value pairs. */
    static Map<String, Object> action(String type, long baseVersion, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("clientActionId", UUID.randomUUID().toString());
        m.put("baseVersion", baseVersion);
        m.put("type", type);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
