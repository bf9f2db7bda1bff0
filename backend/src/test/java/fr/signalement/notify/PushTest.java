package fr.signalement.notify;

import com.fasterxml.jackson.databind.JsonNode;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.alert.AlertStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Push through the real Firebase Admin SDK, pointed at a local server standing in for FCM and
 * Google's OAuth endpoint; assertions are on the JSON the SDK actually sent.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class PushTest {
    @NotifyServers.Fcm
    FakeFcm fcm;
    @Inject
    Fixtures fx;

    static String token(String who) {
        return who + "-" + UUID.randomUUID();
    }

    static List<JsonNode> awaitPushes(FakeFcm fcm, String token, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> fcm.messagesTo(token).size() >= count);
        return fcm.messagesTo(token);
    }

    static void registerCitizen(Response ack, String pushToken) {
        given().contentType(ContentType.JSON).queryParam("token", (String) ack.path("followToken"))
                .body(Map.of("token", pushToken))
                .post("/api/v1/reports/{tn}/push", (String) ack.path("trackingNumber"))
                .then().statusCode(204);
    }

    /** Whatever was written to the outbox before has been delivered once this returns. */
    void drainQueue() {
        fx.awaitOutboxDrained();
    }

    static void registerDevice(Staff.Account who, String token) {
        who.as().body(Map.of("token", token, "platform", "android")).post("/api/v1/devices").then().statusCode(204);
    }

    @Test
    void assignmentReachesTheAgentAndTheirTeamAndEveryChangeReachesTheCitizen() {
        long team = Staff.team(Spots.POTHOLE, "Équipe push " + UUID.randomUUID(), List.of());
        long otherTeam = Staff.team(Spots.POTHOLE, "Équipe push " + UUID.randomUUID(), List.of());
        Staff.Account agent = fx.account("AGENT", team, null);
        Staff.Account mate = fx.account("AGENT", team, null);
        Staff.Account outsiderAgent = fx.account("AGENT", otherTeam, null);
        Staff.Account retiredAgent = fx.account("AGENT", team, null);
        String agentDevice = token("agent");
        String teammate = token("teammate");
        String outsider = token("outsider");
        String retired = token("retired");
        registerDevice(agent, agentDevice);
        registerDevice(mate, teammate);
        registerDevice(outsiderAgent, outsider);
        registerDevice(retiredAgent, retired);
        assertEquals(agent.id(), ((Number) fx.scalar("SELECT user_id FROM push_device WHERE token = ?", agentDevice)).longValue());
        fx.sql("UPDATE staff_user SET active = false WHERE id = ?", retiredAgent.id());

        Response ack = Fixtures.report(Spots.POTHOLE, Spots.lat(114), Spots.lon(114), null);
        long alert = ((Number) ack.path("alertId")).longValue();
        String tn = ack.path("trackingNumber");
        String browser = token("browser");
        registerCitizen(ack, browser);

        fx.change(alert, AlertStatus.QUALIFIED);
        JsonNode qualified = awaitPushes(fcm, browser, 1).get(0);
        assertEquals("Signalement " + tn + " : Pris en compte", qualified.path("notification").path("title").asText());
        assertEquals("Votre signalement a été pris en compte.", qualified.path("notification").path("body").asText());
        assertEquals(Long.toString(alert), qualified.path("data").path("alertId").asText());
        assertEquals(tn, qualified.path("data").path("trackingNumber").asText());
        assertEquals("QUALIFIED", qualified.path("data").path("status").asText());
        assertEquals("fr", qualified.path("webpush").path("notification").path("lang").asText());

        fx.change(alert, AlertStatus.ASSIGNED, null, null, team, agent.id(), null);
        for (String device : List.of(agentDevice, teammate)) {
            JsonNode m = awaitPushes(fcm, device, 1).get(0);
            assertEquals(device, m.path("token").asText());
            assertTrue(m.path("notification").path("title").asText().startsWith("Nouvelle intervention : "), m.toString());
            assertTrue(m.path("notification").path("body").asText().contains("à traiter avant le"), m.toString());
            assertEquals(Long.toString(alert), m.path("data").path("alertId").asText());
            assertEquals(tn, m.path("data").path("trackingNumber").asText());
            assertEquals("ASSIGNED", m.path("data").path("status").asText());
            assertEquals("high", m.path("android").path("priority").asText());
        }
        JsonNode assigned = awaitPushes(fcm, browser, 2).get(1);
        assertEquals("ASSIGNED", assigned.path("data").path("status").asText());

        // Reassigned to an agent of another team: they hear of it too.
        fx.change(alert, AlertStatus.ASSIGNED, null, null, null, outsiderAgent.id(), null);
        JsonNode reassigned = awaitPushes(fcm, outsider, 1).get(0);
        assertTrue(reassigned.path("notification").path("title").asText().startsWith("Intervention réattribuée : "));
        drainQueue();
        assertEquals(0, fcm.messagesTo(retired).size(), "an inactive account's device is not pushed");
        assertEquals(2, fcm.messagesTo(browser).size(), "a reassignment is no status change for the citizen");

        // What the SDK did on the wire: OAuth with the service account, then FCM HTTP v1.
        assertTrue(fcm.tokenGrants.contains("urn:ietf:params:oauth:grant-type:jwt-bearer"), fcm.tokenGrants.toString());
        FakeFcm.Sent sent = fcm.sent.stream().filter(s -> s.message().path("token").asText().equals(agentDevice)).findFirst().orElseThrow();
        assertEquals("/v1/projects/signalement-test/messages:send", sent.path());
        assertEquals("Bearer " + FakeFcm.ACCESS_TOKEN, sent.authorization());
    }

    @Inject
    PushClientConfig clientConfig;

    @Test
    void theCitizenAppIsOfferedPushOnlyWhenTheFirebaseWebAppIsConfigured() {
        // The server can send (service account configured) but no web app is described here.
        PushClientConfig.View view = clientConfig.forCitizenApp();
        assertEquals(false, view.enabled());
        assertEquals(null, view.firebase());
    }

    @Test
    void aTokenFcmNoLongerKnowsIsForgotten() {
        Response ack = Fixtures.report(Spots.POTHOLE, Spots.lat(125), Spots.lon(125), null);
        long alert = ((Number) ack.path("alertId")).longValue();
        String stale = token("stale");
        registerCitizen(ack, stale);
        registerCitizen(ack, stale); // registering again is harmless
        assertEquals(1L, ((Number) fx.scalar("SELECT count(*) FROM push_device WHERE token = ?", stale)).longValue());
        fcm.unregistered.add(stale);
        fx.change(alert, AlertStatus.QUALIFIED);
        awaitPushes(fcm, stale, 1);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ((Number) fx.scalar("SELECT count(*) FROM push_device WHERE token = ?", stale)).longValue() == 0);
    }

    @Test
    void oneBrowserCanFollowSeveralReports() {
        Response a = Fixtures.report(Spots.POTHOLE, Spots.lat(116), Spots.lon(116), null);
        Response b = Fixtures.report(Spots.BULKY, Spots.lat(116), Spots.lon(116), null);
        String browser = token("browser");
        registerCitizen(a, browser);
        registerCitizen(b, browser);
        fx.change(((Number) b.path("alertId")).longValue(), AlertStatus.REJECTED, "NOT_A_PROBLEM", null, null, null, null);
        JsonNode m = awaitPushes(fcm, browser, 1).get(0);
        assertEquals(b.path("trackingNumber"), m.path("data").path("trackingNumber").asText());
        assertTrue(m.path("notification").path("body").asText().startsWith("Votre signalement a été classé sans suite"));
    }

    @Test
    void registrationsAreRefusedWhenTheyMustBe() {
        Response ack = Fixtures.report(Spots.POTHOLE, Spots.lat(117), Spots.lon(117), null);
        given().contentType(ContentType.JSON).queryParam("token", "wrong").body(Map.of("token", "t"))
                .post("/api/v1/reports/{tn}/push", (String) ack.path("trackingNumber")).then().statusCode(404);
        given().contentType(ContentType.JSON).queryParam("token", (String) ack.path("followToken")).body(Map.of("token", " "))
                .post("/api/v1/reports/{tn}/push", (String) ack.path("trackingNumber"))
                .then().statusCode(400).body("field", equalTo("token"));
        given().contentType(ContentType.JSON).body(Map.of("token", "x", "platform", "android"))
                .post("/api/v1/devices").then().statusCode(401);
        Staff.Account agent = fx.account("AGENT", fx.teamOf(Fixtures.alertId(ack)), null);
        agent.as().body(Map.of("token", token("x"), "platform", "ios"))
                .post("/api/v1/devices").then().statusCode(400).body("field", equalTo("platform"));
        // The device of a dispatcher's browser: any signed-in staff member may register one.
        String web = token("web");
        fx.account("DISPATCHER", null, List.of()).as().body(Map.of("token", web, "platform", "web"))
                .post("/api/v1/devices").then().statusCode(204);
        // A device changes hands with its sign-in.
        agent.as().body(Map.of("token", web, "platform", "web")).post("/api/v1/devices").then().statusCode(204);
        assertEquals(agent.id(), ((Number) fx.scalar("SELECT user_id FROM push_device WHERE token = ?", web)).longValue());
        // A deactivated account cannot, even with a token that has not expired yet.
        fx.sql("UPDATE staff_user SET active = false WHERE id = ?", agent.id());
        // Its token is refused as a whole (staff/AccountCheck): 401, as for any token no longer valid.
        agent.as().body(Map.of("token", token("y"), "platform", "android")).post("/api/v1/devices").then().statusCode(401);
    }
}
