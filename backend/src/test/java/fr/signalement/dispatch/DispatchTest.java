package fr.signalement.dispatch;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class DispatchTest {
    Staff.Account dispatcher;
    Staff.Account admin;

    @BeforeEach
    void accounts() {
        dispatcher = Staff.create("DISPATCHER", null);
        admin = Staff.create("ADMIN", null);
    }

    static Response report(String category, double lat, double lon, String email) {
        Map<String, Object> body = email == null ? Map.of("categoryCode", category, "lat", lat, "lon", lon)
                : Map.of("categoryCode", category, "lat", lat, "lon", lon, "contactEmail", email);
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/reports");
    }

    static int alertOf(Response r) {
        return r.then().statusCode(201).extract().path("alertId");
    }

    Response move(int alertId, Map<String, Object> body) {
        return dispatcher.as().body(body).post("/api/v1/alerts/" + alertId + "/transitions");
    }

    @Test
    void anAlertWalksFromNewToClosedAndEveryStepIsDatedAndSigned() {
        int id = alertOf(report(Spots.POTHOLE, Spots.lat(60), Spots.lon(60), "alice@example.org"));
        move(id, Map.of("to", "QUALIFIED", "note", "Trou de 30 cm")).then().statusCode(200)
                .body("alert.status", equalTo("QUALIFIED"))
                .body("allowedTransitions", containsInAnyOrder("ASSIGNED", "REJECTED", "FORWARDED"));
        // Without a team, the routed one is used: the road service's commune-wide team.
        move(id, Map.of("to", "ASSIGNED")).then().statusCode(200)
                .body("alert.team.name", equalTo("Équipe Voirie et déplacements"));
        Staff.Account agent = Staff.create("AGENT", teamOf(id));
        move(id, Map.of("to", "ASSIGNED", "agentId", agent.id())).then().statusCode(200)
                .body("alert.agent.id", equalTo((int) agent.id()));
        move(id, Map.of("to", "IN_PROGRESS")).then().statusCode(200);
        move(id, Map.of("to", "RESOLVED", "note", "Rebouché")).then().statusCode(200);
        Response closed = move(id, Map.of("to", "CLOSED"));
        closed.then().statusCode(200)
                .body("alert.status", equalTo("CLOSED"))
                .body("allowedTransitions.size()", equalTo(0))
                .body("timeline.findAll { it.type == 'TRANSITION' }.to",
                        equalTo(List.of("QUALIFIED", "ASSIGNED", "ASSIGNED", "IN_PROGRESS", "RESOLVED", "CLOSED")))
                .body("timeline.findAll { it.type == 'TRANSITION' }.actor", everyItem(equalTo(dispatcher.username())))
                .body("timeline.find { it.to == 'QUALIFIED' }.note", equalTo("Trou de 30 cm"))
                .body("reports[0].contactEmail", equalTo("alice@example.org"));
        // Final: any further move is refused with the list of allowed ones (none).
        move(id, Map.of("to", "QUALIFIED")).then().statusCode(409).contentType("application/problem+json")
                .body("allowed.size()", equalTo(0)).body("current", equalTo("CLOSED"));
    }

    @Test
    void forbiddenTransitionsSayWhichAreAllowed() {
        int id = alertOf(report(Spots.POTHOLE, Spots.lat(61), Spots.lon(61), null));
        move(id, Map.of("to", "RESOLVED")).then().statusCode(409)
                .body("allowed", containsInAnyOrder("QUALIFIED", "REJECTED", "FORWARDED"))
                .body("detail", containsString("Nouveau"));
        move(id, Map.of("to", "REJECTED")).then().statusCode(422).body("field", equalTo("reason"));
        move(id, Map.of("to", "FORWARDED")).then().statusCode(422).body("field", equalTo("forwardedTo"));
        move(id, Map.of("to", "FLYING")).then().statusCode(400).body("field", equalTo("status"));
        move(id, Map.of("to", "FORWARDED", "forwardedTo", "RATP")).then().statusCode(200)
                .body("forwardedTo", equalTo("RATP"));
        int other = alertOf(report(Spots.BULKY, Spots.lat(61), Spots.lon(61), null));
        move(other, Map.of("to", "REJECTED", "reason", "NOT_A_PROBLEM", "note", "Rien sur place")).then().statusCode(200)
                .body("rejectReason", equalTo("NOT_A_PROBLEM"));
    }

    @Test
    void mergeMovesReportsAndKeepsBothHistories() {
        int a = alertOf(report(Spots.BULKY, Spots.lat(62), Spots.lon(62), null));
        report(Spots.BULKY, Spots.latNorth(62, 5), Spots.lon(62), null).then().statusCode(201);
        int b = alertOf(report(Spots.BULKY, Spots.latNorth(62, 80), Spots.lon(62), "bob@example.org"));
        dispatcher.as().body(Map.of("alertId", b)).post("/api/v1/alerts/" + a + "/merge").then().statusCode(200)
                .body("alert.reportCount", equalTo(3))
                .body("reports.size()", equalTo(3))
                .body("timeline.type", hasItem("MERGED"));
        dispatcher.as().get("/api/v1/alerts/" + b).then().statusCode(200)
                .body("alert.status", equalTo("REJECTED"))
                .body("rejectReason", equalTo("DUPLICATE"))
                .body("mergedIntoId", equalTo(a))
                .body("alert.reportCount", equalTo(0))
                .body("timeline.type", hasItems("CREATED", "TRANSITION", "MERGED"));
        dispatcher.as().body(Map.of("alertId", b)).post("/api/v1/alerts/" + a + "/merge").then().statusCode(409);
        dispatcher.as().body(Map.of("alertId", a)).post("/api/v1/alerts/" + a + "/merge").then().statusCode(422);
        dispatcher.as().body("{}").post("/api/v1/alerts/" + a + "/merge").then().statusCode(400);
        // Split one report back out into a new alert.
        int reportId = dispatcher.as().get("/api/v1/alerts/" + a).then().extract().path("reports[2].id");
        Response split = dispatcher.as().body(Map.of("reportId", reportId)).post("/api/v1/alerts/" + a + "/split");
        split.then().statusCode(200).body("alert.reportCount", equalTo(1)).body("alert.status", equalTo("NEW"))
                .body("reports[0].id", equalTo(reportId));
        dispatcher.as().get("/api/v1/alerts/" + a).then().body("alert.reportCount", equalTo(2))
                .body("timeline.type", hasItem("SPLIT"));
    }

    @Test
    void alertsAreRoutedToTheTeamOfTheirSector() {
        long centre = Staff.team(Spots.POTHOLE, "Voirie test Centre", List.of("75104"));
        // Rue Saint-Antoine is in the 4th arrondissement; the Eiffel Tower in the 7th.
        int inCentre = alertOf(report(Spots.POTHOLE, 48.85440, 2.36020, null));
        int elsewhere = alertOf(report(Spots.POTHOLE, 48.85837, 2.29448, null));
        dispatcher.as().get("/api/v1/alerts/" + inCentre).then().body("alert.team.id", equalTo((int) centre));
        dispatcher.as().get("/api/v1/alerts/" + elsewhere).then().body("alert.team.name", equalTo("Équipe Voirie et déplacements"));
    }

    @Test
    void rolesSeeOnlyWhatTheyMust() {
        int id = alertOf(report(Spots.BAGS, Spots.lat(63), Spots.lon(63), "carol@example.org"));
        given().get("/api/v1/alerts").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/api/v1/alerts").then().statusCode(401);
        Staff.Account supervisor = Staff.create("SUPERVISOR", null);
        supervisor.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("reports[0].contactEmail", nullValue())
                .body(not(containsString("carol@example.org")));
        supervisor.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(403);
        Staff.Account agent = Staff.create("AGENT", teamOf(id));
        agent.as().get("/api/v1/alerts").then().statusCode(403);
        agent.as().get("/api/v1/audit").then().statusCode(403);
        dispatcher.as().get("/api/v1/audit").then().statusCode(403);
        // A dispatcher reading reporters' e-mails leaves a trace the administrator can read.
        dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200).body("reports[0].contactEmail", equalTo("carol@example.org"));
        admin.as().queryParam("actor", dispatcher.username()).queryParam("action", "report.contact.read")
                .get("/api/v1/audit").then().statusCode(200)
                .body("items[0].target", equalTo("alert:" + id));
        // A dispatcher outside the service's scope sees nothing of it.
        Staff.Account narrow = narrowDispatcher();
        narrow.as().get("/api/v1/alerts/" + id).then().statusCode(404);
        narrow.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + id + "/transitions").then().statusCode(403);
    }

    @Test
    void theQueueListsReopenedAndOverdueFirst() {
        int id = alertOf(report(Spots.POTHOLE, Spots.lat(64), Spots.lon(64), null));
        Response ack = report(Spots.POTHOLE, Spots.latNorth(64, 3), Spots.lon(64), null);
        String tn = ack.path("trackingNumber");
        String token = ack.path("followToken");
        move(id, Map.of("to", "QUALIFIED")).then().statusCode(200);
        move(id, Map.of("to", "ASSIGNED")).then().statusCode(200);
        move(id, Map.of("to", "IN_PROGRESS")).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("comment", "Toujours là"))
                .post("/api/v1/reports/" + tn + "/reopen?token=" + token).then().statusCode(409);
        move(id, Map.of("to", "RESOLVED")).then().statusCode(200);
        given().queryParam("token", token).get("/api/v1/reports/" + tn).then().body("canReopen", equalTo(true));
        given().contentType(ContentType.JSON).body(Map.of("comment", "Toujours là"))
                .post("/api/v1/reports/" + tn + "/reopen?token=wrong").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("comment", "Le trou est toujours là"))
                .post("/api/v1/reports/" + tn + "/reopen?token=" + token).then().statusCode(200)
                .body("status", equalTo("QUALIFIED"))
                .body("timeline.note", hasItem("Le trou est toujours là"));
        dispatcher.as().queryParam("status", "NEW,QUALIFIED,ASSIGNED,IN_PROGRESS").get("/api/v1/alerts").then().statusCode(200)
                .body("items[0].id", equalTo(id))
                .body("items[0].reopenedCount", equalTo(1));
        dispatcher.as().get("/api/v1/alerts/" + id).then().body("timeline.find { it.type == 'REOPENED' }.actor", equalTo("citizen"));
    }

    @Test
    void staffEnterPhoneReportsInTheSameQueue() {
        given().contentType(ContentType.JSON).body(Map.of("categoryCode", Spots.BAGS, "lat", Spots.lat(65),
                "lon", Spots.lon(65), "channel", "phone")).post("/api/v1/reports").then().statusCode(403);
        int id = dispatcher.as().body(Map.of("categoryCode", Spots.BAGS, "lat", Spots.lat(65), "lon", Spots.lon(65),
                        "channel", "phone", "description", "Appel de Mme Martin"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
        dispatcher.as().queryParam("channel", "phone").get("/api/v1/alerts").then().statusCode(200)
                .body("items.id", hasItem(id));
        dispatcher.as().get("/api/v1/alerts/" + id).then()
                .body("timeline[0].actor", equalTo(dispatcher.username()))
                .body("alert.channel", equalTo("phone"));
    }

    @Test
    void signInIssuesRotatingRefreshTokensAndLocksAfterRepeatedFailures() {
        Staff.Account user = Staff.create("DISPATCHER", null);
        Response login = given().contentType(ContentType.JSON)
                .body(Map.of("username", user.username(), "password", user.password())).post("/api/v1/auth/login");
        login.then().statusCode(200).body("expiresIn", equalTo(900)).body("user.roles", hasItem("DISPATCHER"))
                .body("refreshToken", notNullValue());
        String refresh = login.path("refreshToken");
        String next = given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh))
                .post("/api/v1/auth/refresh").then().statusCode(200).extract().path("refreshToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", refresh)).post("/api/v1/auth/refresh")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", next)).post("/api/v1/auth/logout").then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", next)).post("/api/v1/auth/refresh").then().statusCode(401);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(Map.of("username", user.username(), "password", "wrong"))
                    .post("/api/v1/auth/login").then().statusCode(401).contentType("application/problem+json");
        }
        // Locked: even the right password is refused for a while, with the answer a wrong one gets
        // (a distinct 429 told attackers which accounts exist; issue #11).
        given().contentType(ContentType.JSON).body(Map.of("username", user.username(), "password", user.password()))
                .post("/api/v1/auth/login").then().statusCode(401).body("detail", equalTo("Identifiant ou mot de passe incorrect."));
        given().contentType(ContentType.JSON).body(Map.of("username", "nobody", "password", "x"))
                .post("/api/v1/auth/login").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("username", "x")).post("/api/v1/auth/login").then().statusCode(400)
                .body("field", equalTo("password"));
    }

    @Test
    void adminsCreateAccountsAndTheAuditLogCannotBeChanged() {
        admin.as().body(Map.of("username", "new.agent", "displayName", "Nouvel agent", "password", "long-enough-1",
                "roles", List.of("AGENT"), "teamId", Staff.team(Spots.POTHOLE, "Équipe audit", List.of())))
                .post("/api/v1/admin/users").then().statusCode(201).body("roles", hasItem("AGENT"));
        admin.as().body(Map.of("username", "new.agent", "password", "long-enough-1", "roles", List.of("AGENT")))
                .post("/api/v1/admin/users").then().statusCode(409);
        dispatcher.as().body(Map.of("username", "sneaky", "password", "long-enough-1", "roles", List.of("ADMIN")))
                .post("/api/v1/admin/users").then().statusCode(403);
        admin.as().queryParam("action", "user.create").get("/api/v1/audit").then().statusCode(200)
                .body("items[0].actor", equalTo(admin.username()));
        admin.as().delete("/api/v1/audit").then().statusCode(405);
        admin.as().body("{}").put("/api/v1/audit").then().statusCode(405);
    }

    Long teamOf(int alertId) {
        Integer team = dispatcher.as().get("/api/v1/alerts/" + alertId).then().extract().path("alert.team.id");
        return team == null ? null : team.longValue();
    }

    Staff.Account narrowDispatcher() {
        String username = "narrow-" + System.nanoTime();
        var accounts = jakarta.enterprise.inject.spi.CDI.current().select(fr.signalement.staff.Accounts.class).get();
        // Triages for the road service only, not the cleaning service handling household bags.
        long roadService = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                ((Number) jakarta.enterprise.inject.spi.CDI.current().select(jakarta.persistence.EntityManager.class).get()
                        .createNativeQuery("SELECT service_id FROM category WHERE code = :c")
                        .setParameter("c", Spots.POTHOLE).getSingleResult()).longValue());
        long id = accounts.create(new fr.signalement.staff.Accounts.NewAccount(username, username, null, "password-123",
                List.of("DISPATCHER"), null, List.of(roadService))).id;
        return Staff.login(id, username, "password-123", null);
    }

}
