package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.field.FieldCrew.action;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class InterventionTest {
    FieldCrew crew;
    Staff.Account otherAgent;

    @BeforeEach
    void setUp() {
        crew = new FieldCrew("Voirie test");
        otherAgent = Staff.create("AGENT", Staff.team(Spots.POTHOLE, "Autre équipe " + UUID.randomUUID(), List.of()));
    }

    int assignedAlert(int spot) {
        return crew.assignedAlert(Spots.lat(spot), Spots.lon(spot), "Trou profond");
    }

    @Test
    void agentsSeeOnlyTheirTeamsInterventions() {
        int id = assignedAlert(70);
        crew.agent.as().get("/api/v1/interventions").then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == " + id + " }.description", equalTo("Trou profond"))
                .body("find { it.id == " + id + " }.dueStatus", equalTo("ON_TIME"))
                .body("find { it.id == " + id + " }.address", notNullValue());
        otherAgent.as().get("/api/v1/interventions").then().statusCode(200).body("id", not(hasItem(id)));
        otherAgent.as().get("/api/v1/interventions/" + id).then().statusCode(404);
        crew.agent.as().queryParam("bbox", (Spots.lon(70) - 0.001) + "," + (Spots.lat(70) - 0.001) + ","
                + (Spots.lon(70) + 0.001) + "," + (Spots.lat(70) + 0.001)).get("/api/v1/interventions")
                .then().statusCode(200).body("id", equalTo(List.of(id)));
        crew.dispatcher.as().get("/api/v1/interventions").then().statusCode(403);
        given().get("/api/v1/interventions").then().statusCode(401);
    }

    @Test
    void anInterventionNamesItsCommune() {
        // Paris alone: Paris. An EPCI's team works in several communes: each job says which.
        int paris = assignedAlert(74);
        crew.agent.as().get("/api/v1/interventions/" + paris).then().statusCode(200)
                .body("commune.name", equalTo("Paris")).body("commune.inseeCode", equalTo("75056"));
        fr.signalement.geo.Strasbourg.load();
        FieldCrew ems = new FieldCrew("ems-nid-de-poule", "Voirie Eurométropole");
        int schilik = ems.assignedAlert(48.60700, 7.75100, "Trou rue principale");
        int kleber = ems.assignedAlert(fr.signalement.geo.Strasbourg.KLEBER[0] + 0.0010, fr.signalement.geo.Strasbourg.KLEBER[1], "Trou");
        ems.agent.as().get("/api/v1/interventions").then().statusCode(200)
                .body("find { it.id == " + schilik + " }.commune.name", equalTo("Schiltigheim"))
                .body("find { it.id == " + schilik + " }.commune.inseeCode", equalTo("67447"))
                .body("find { it.id == " + kleber + " }.commune.name", equalTo("Strasbourg"));
    }

    @Test
    void anOfflineQueueReplaysSafely() {
        int id = assignedAlert(71);
        long v = crew.version(id);
        // Queued offline: start, a note, measurements, time, material, resolve — all with the version seen before.
        Map<String, Object> start = action("START", v);
        crew.act(id, start).then().statusCode(200).body("replayed", equalTo(false))
                .body("intervention.status", equalTo("IN_PROGRESS"));
        crew.act(id, action("NOTE", v, "text", "Balisage posé")).then().statusCode(200);
        crew.act(id, action("MEASUREMENT", v, "label", "surface", "value", 1.5, "unit", "m²")).then().statusCode(200);
        crew.act(id, action("TIME_SPENT", v, "minutes", 45)).then().statusCode(200);
        crew.act(id, action("MATERIAL", v, "label", "enrobé à froid", "quantity", 2, "unit", "sac")).then().statusCode(200);
        // The network dropped the answer: the same start is sent again and changes nothing.
        crew.act(id, start).then().statusCode(200).body("replayed", equalTo(true))
                .body("intervention.status", equalTo("IN_PROGRESS"));
        Map<String, Object> resolve = action("RESOLVE", v, "lat", Spots.lat(71), "lon", Spots.lon(71),
                "at", "2026-11-25T10:00:00Z", "fixAt", "2026-11-25T09:59:40Z", "note", "Rebouché");
        crew.act(id, resolve).then().statusCode(200)
                .body("intervention.status", equalTo("RESOLVED"))
                .body("intervention.work.minutesSpent", equalTo(45))
                .body("intervention.work.notes[0].text", equalTo("Balisage posé"))
                .body("intervention.work.measurements[0].value", equalTo(1.5f))
                .body("intervention.work.materials[0].label", equalTo("enrobé à froid"));
        crew.act(id, resolve).then().statusCode(200).body("replayed", equalTo(true));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then()
                .body("timeline.findAll { it.type == 'TRANSITION' && it.actor == '" + crew.agent.username() + "' }.to",
                        equalTo(List.of("IN_PROGRESS", "RESOLVED")));
    }

    @Test
    void oneActionIdSentForTwoAlertsAtOnceIsTakenOnceAndRefusedOnce() throws Exception {
        int first = assignedAlert(190);
        int second = assignedAlert(191);
        String actionId = UUID.randomUUID().toString();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var go = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<Integer>> sent = new java.util.ArrayList<>();
            for (int id : new int[]{first, second}) {
                long v = crew.version(id);
                Map<String, Object> note = action("NOTE", v, "text", "Même identifiant");
                note.put("clientActionId", actionId);
                sent.add(pool.submit(() -> {
                    go.await();
                    return crew.act(id, note).statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var f : sent) {
                statuses.add(f.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            java.util.Collections.sort(statuses);
            // Never a 500: one alert takes the id, the other is told it already served.
            org.junit.jupiter.api.Assertions.assertEquals(List.of(200, 422), statuses);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaleVersionChangedByTheDispatcherIsAConflictWithTheCurrentState() {
        int id = assignedAlert(72);
        long seen = crew.version(id);
        // While the agent is offline, the dispatcher takes the alert back.
        crew.dispatcher.as().body(Map.of("to", "QUALIFIED", "note", "Réaffectation")).post("/api/v1/alerts/" + id + "/transitions")
                .then().statusCode(200);
        crew.act(id, action("START", seen)).then().statusCode(409).contentType("application/problem+json")
                .body("current.status", equalTo("QUALIFIED"))
                .body("current.version", equalTo((int) seen + 1));
        crew.act(id, action("START", seen + 1)).then().statusCode(409).body("current.status", equalTo("QUALIFIED"));
        crew.act(id, Map.of("type", "START", "baseVersion", seen)).then().statusCode(400).body("field", equalTo("clientActionId"));
    }

    @Test
    void resolvingFarFromTheAlertNeedsAReasonAndKeepsTheProof() throws Exception {
        int id = assignedAlert(73);
        long v = crew.version(id);
        double farLat = Spots.latNorth(73, 250);
        crew.act(id, action("RESOLVE", v, "lat", farLat, "lon", Spots.lon(73), "fixAt", java.time.Instant.now().toString())).then().statusCode(422)
                .body("field", equalTo("distanceReason"));
        crew.act(id, action("RESOLVE", v, "lat", farLat, "lon", Spots.lon(73), "distanceReason", "Adresse erronée, trou au 12",
                "fixAt", java.time.Instant.now().toString()))
                .then().statusCode(200).body("intervention.status", equalTo("RESOLVED"));
        byte[] photo;
        try (InputStream in = getClass().getResourceAsStream("/photos/street.jpg")) {
            photo = in.readAllBytes();
        }
        String actionId = UUID.randomUUID().toString();
        crew.agent.as().contentType("multipart/form-data").multiPart("photo", "after.jpg", photo, "image/jpeg")
                .multiPart("clientActionId", actionId).multiPart("baseVersion", String.valueOf(v))
                .post("/api/v1/interventions/" + id + "/photos").then().statusCode(201)
                .body("intervention.photos.kind", hasItem("AFTER"));
        crew.agent.as().contentType("multipart/form-data").multiPart("photo", "after.jpg", photo, "image/jpeg")
                .multiPart("clientActionId", actionId).post("/api/v1/interventions/" + id + "/photos")
                .then().statusCode(200).body("replayed", equalTo(true));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().body("afterPhotos.size()", equalTo(1));
    }
}
