package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.open311.ScriptedRemote.Answer;
import fr.signalement.photo.PhotoAnonymisation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Forwarding an alert to another organisation over Open311 (CRPA L.114-2), over real HTTP to a
 * real Signalement Open311 server — this test's own backend, acting as the other organisation: a
 * remote that is down is retried, the remote number is kept, the remote resolution comes back to
 * the alert's timeline and to the reporter; a remote that refuses (a 4xx) is asked once, and the
 * timeline says why; a remote that answers with a token (deferred creation) is asked for the number
 * until it gives one, not beyond number-max-wait; a dispatcher sends a failed one again; a POST whose answer
 * was lost is retried without opening a second request at the remote. Spots 153–156, 190–200.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311ForwardingTest {
    @Inject
    Open311Clients clients;
    @Inject
    PhotoAnonymisation anonymisation;
    @Inject
    ObjectMapper json;

    @Test
    void aForwardedAlertIsSentRetriedWhileTheRemoteIsDownAndItsResolutionComesBack() throws Exception {
        Staff.Account admin = Staff.create("ADMIN", null);
        Staff.Account dispatcher = Staff.create("DISPATCHER", null);
        String organisation = "Département test " + UUID.randomUUID().toString().substring(0, 8);
        TestSql.exec("INSERT INTO service (code, name, email, phone, postal_address) VALUES (?, ?, 'dep@example.org', '01', 'Préfecture')",
                "dep-" + UUID.randomUUID(), organisation);
        long serviceId = TestSql.count("SELECT id FROM service WHERE name = ?", organisation);
        String key = clients.create("Commune voisine " + UUID.randomUUID(), null, null, "test").apiKey();

        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        admin.as().body(Map.of("open311Endpoint", "http://127.0.0.1:" + dead + "/open311/v2/", "open311ApiKey", key,
                        "open311Jurisdiction", "75056"))
                .put("/api/v1/admin/services/" + serviceId).then().statusCode(200)
                .body("open311Endpoint", equalTo("http://127.0.0.1:" + dead + "/open311/v2"))
                .body("open311ApiKeySet", equalTo(true))
                .body(not(containsString(key)));
        admin.as().body(Map.of("open311Endpoint", "ftp://nowhere")).put("/api/v1/admin/services/" + serviceId)
                .then().statusCode(400);

        // The reporter sent two photos: both go, as their anonymised public versions.
        byte[] jpeg;
        try (var in = getClass().getResourceAsStream("/photos/street.jpg")) {
            jpeg = in.readAllBytes();
        }
        String report = json.writeValueAsString(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(153), "lon", Spots.lon(153),
                "description", "Armoire abandonnée sur la route départementale", "contactEmail", "riverain@example.org"));
        Response ack = given().multiPart(new MultiPartSpecBuilder(report).controlName("report")
                        .mimeType("application/json").charset("UTF-8").build())
                .multiPart("photo", "a.jpg", jpeg, "image/jpeg").multiPart("photo", "b.jpg", jpeg, "image/jpeg")
                .post("/api/v1/reports");
        ack.then().statusCode(201);
        anonymisation.drain();
        String tracking = ack.path("trackingNumber");
        long alertId = ((Number) ack.path("alertId")).longValue();
        dispatcher.as().body(Map.of("to", "FORWARDED", "forwardedTo", organisation))
                .post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);

        // The other organisation is down: the row stays pending, with why, and is retried.
        await("a failed attempt", () -> TestSql.count(
                "SELECT count(*) FROM open311_forward WHERE alert_id = ? AND attempts >= 2 AND state = 'PENDING' AND last_error IS NOT NULL",
                alertId) == 1);
        assertTrue(((String) TestSql.scalar("SELECT last_error FROM open311_forward WHERE alert_id = ?", alertId))
                .contains("injoignable"));

        // It is up again (its real address): the next retry goes through.
        admin.as().body(Map.of("open311Endpoint", "http://localhost:" + RestAssured.port + "/open311/v2"))
                .put("/api/v1/admin/services/" + serviceId).then().statusCode(200);
        await("sent", () -> "SENT".equals(TestSql.scalar("SELECT state FROM open311_forward WHERE alert_id = ?", alertId))
                || "DONE".equals(TestSql.scalar("SELECT state FROM open311_forward WHERE alert_id = ?", alertId)));
        String remoteId = (String) TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", alertId);
        assertTrue(remoteId.startsWith("SIG-"), remoteId);
        // At the other organisation: the category, the text, the place; never the reporter's contact.
        assertEquals("open311", TestSql.scalar("SELECT channel FROM report WHERE tracking_number = ?", remoteId));
        assertEquals("Armoire abandonnée sur la route départementale",
                TestSql.scalar("SELECT description FROM report WHERE tracking_number = ?", remoteId));
        assertNull(TestSql.scalar("SELECT contact_email FROM report WHERE tracking_number = ?", remoteId));
        // Both photos were sent, each as a media_url signed link (signalement.public-url is not this test server's
        // address, so the "other organisation" here cannot fetch them and says so; Open311ForwardingIT fetches them).
        for (Object photoKey : List.of(TestSql.scalar("SELECT CAST(public_key AS text) FROM photo WHERE alert_id = ? ORDER BY id LIMIT 1", alertId),
                TestSql.scalar("SELECT CAST(public_key AS text) FROM photo WHERE alert_id = ? ORDER BY id OFFSET 1 LIMIT 1", alertId))) {
            assertEquals(1L, TestSql.count("""
                    SELECT count(*) FROM alert_event e JOIN report r ON r.id = e.report_id
                    WHERE r.tracking_number = ? AND e.type = 'PHOTO_MISSING' AND e.note LIKE ?""", remoteId,
                    "media_url http://localhost:8080/api/v1/photos/" + photoKey + "?%"), String.valueOf(photoKey));
        }
        assertEquals(Spots.BULKY, TestSql.scalar(
                "SELECT c.code FROM report r JOIN category c ON c.id = r.category_id WHERE r.tracking_number = ?", remoteId));
        assertTrue(TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS' AND note LIKE ?",
                alertId, "%" + remoteId + "%") == 1);

        // The other organisation resolves it; the resolution comes back.
        long remoteAlert = TestSql.count("SELECT alert_id FROM report WHERE tracking_number = ?", remoteId);
        long team = Staff.team(Spots.BULKY, "Équipe départementale " + UUID.randomUUID(), List.of());
        for (Map<String, Object> step : List.<Map<String, Object>>of(Map.of("to", "QUALIFIED"),
                Map.of("to", "ASSIGNED", "teamId", team), Map.of("to", "IN_PROGRESS"), Map.of("to", "RESOLVED"))) {
            dispatcher.as().body(step).post("/api/v1/alerts/" + remoteAlert + "/transitions").then().statusCode(200);
        }
        await("resolved remotely", () -> "DONE".equals(TestSql.scalar("SELECT state FROM open311_forward WHERE alert_id = ?", alertId)));
        assertEquals("fixed", TestSql.scalar("SELECT remote_status FROM open311_forward WHERE alert_id = ?", alertId));
        String words = (String) TestSql.scalar("""
                SELECT note FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS' ORDER BY id DESC LIMIT 1""", alertId);
        assertEquals("Chez " + organisation + " (n° " + remoteId + ") : résolu.", words);
        assertEquals("FORWARDED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertId));

        // A client application (the reporter came through FixMyStreet, say) reads it in servicerequestupdates: the
        // forwarding, then the other organisation's progress as comments on the forwarded request.
        List<Map<String, Object>> updates = given().queryParam("service_request_id", tracking)
                .queryParam("start_date", OffsetDateTime.now().minusHours(1).toString())
                .get("/open311/v2/servicerequestupdates.json").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals("Transmis à " + organisation + ".", updates.get(0).get("description"));
        assertEquals("Transmis à " + organisation + " sous le n° " + remoteId + ".", updates.get(1).get("description"));
        assertEquals(words, updates.get(updates.size() - 1).get("description"));
        for (Map<String, Object> u : updates) {
            assertEquals("internal_referral", u.get("status"), u.toString());
        }

        // The reporter reads it on their follow-up page.
        List<String> notes = given().queryParam("token", (String) ack.path("followToken")).get("/api/v1/reports/" + tracking)
                .then().statusCode(200).extract().jsonPath().getList("timeline.note");
        assertTrue(notes.contains(words), notes.toString());
        assertFalse(notes.toString().contains(key));
    }

    @Test
    void aRemoteThatRefusesTheRequestIsAskedOnceAndTheTimelineSaysWhy() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            Forwarded f = refused(remote, 154);
            assertEquals(1L, TestSql.count("SELECT attempts FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals("HTTP 400 : service_code not found",
                    TestSql.scalar("SELECT last_error FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals("La transmission à " + f.organisation() + " a été refusée : service_code not found", f.lastStep());
            f.failureIsStaffOnly(f.lastStep());
        }
    }

    @Test
    void aRefusedApiKeyIsSaidSo() throws Exception {
        // The other organisation is a real Open311 server (this backend) that does not know the key.
        Forwarded f = forward("http://localhost:" + RestAssured.port + "/open311/v2", "o311_revoked", 156);

        await("refused", () -> "FAILED".equals(f.state()));
        assertEquals(1L, TestSql.count("SELECT attempts FROM open311_forward WHERE alert_id = ?", f.alertId()));
        assertEquals("La transmission à " + f.organisation() + " a été refusée : clé d'API refusée (api_key invalide ou révoquée.)",
                f.lastStep());
        f.failureIsStaffOnly(f.lastStep());
    }

    @Test
    void aRemoteAnswering503IsRetriedAndARemoteNumberItNoLongerKnowsStopsTheFollowUp() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            Answer unavailable = new Answer(503, "[{\"code\":503,\"description\":\"maintenance\"}]", "1");
            remote.onPost(unavailable, unavailable, new Answer(201, "[{\"service_request_id\":\"DEP-155\"}]"));
            remote.onGet(Answer.error(404, "Aucune demande DEP-155."));
            Forwarded f = forward(remote.endpoint(), "o311_key", 155);

            await("sent after the outage, then followed", () -> "FAILED".equals(f.state()));
            assertEquals(3, remote.posts(), "503 is retried until the remote is back");
            assertEquals(3L, TestSql.count("SELECT attempts FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals("DEP-155", TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals(1, remote.gets(), "a number the remote does not know is not asked again");
            assertEquals(1L, TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS' AND note = ?",
                    f.alertId(), "Transmis à " + f.organisation() + " sous le n° DEP-155."));
            assertEquals("Le suivi chez " + f.organisation() + " (n° DEP-155) s'arrête : Aucune demande DEP-155.", f.lastStep());
            f.failureIsStaffOnly(f.lastStep());
        }
    }

    @Test
    void aDeferredRequestIsFollowedByItsTokenUntilTheRemoteGivesItsNumber() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            // GeoReport v2 deferred creation: a token first, the service_request_id once the remote created it.
            remote.onPost(new Answer(201, "[{\"token\":\"abc\"}]"));
            remote.onToken(new Answer(200, "[{\"token\":\"abc\"}]"),
                    new Answer(200, "[{\"token\":\"abc\",\"service_request_id\":\"R-42\"}]"));
            remote.onGet(new Answer(200, "[{\"service_request_id\":\"R-42\",\"status\":\"open\"}]"));
            Forwarded f = forward(remote.endpoint(), "o311_key", 197);

            await("the remote status read back (or the follow-up stopped)", () -> TestSql.count(
                    "SELECT count(*) FROM open311_forward WHERE alert_id = ? AND (remote_status IS NOT NULL OR state = 'FAILED')",
                    f.alertId()) == 1);
            assertEquals("SENT", f.state());
            assertEquals("R-42", TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals("abc", TestSql.scalar("SELECT remote_token FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals("open", TestSql.scalar("SELECT remote_status FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals(1, remote.posts());
            assertEquals(2, remote.tokenGets(), "asked again while the remote had no number yet");
            List<String> asked = remote.getPaths();
            assertEquals(List.of("/open311/v2/tokens/abc.json", "/open311/v2/tokens/abc.json", "/open311/v2/requests/R-42.json"),
                    asked.subList(0, 3), asked.toString());
            assertFalse(asked.stream().anyMatch(p -> p.contains("/requests/abc")), "the token is no request number: " + asked);

            // The timeline: sent, waiting for the number (the token is not shown as one), the number, the status.
            String steps = (String) TestSql.scalar("""
                    SELECT string_agg(note, '\n' ORDER BY id) FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS'""",
                    f.alertId());
            assertEquals(String.join("\n", "Transmis à " + f.organisation() + ", en attente de son numéro.",
                    "Transmis à " + f.organisation() + " sous le n° R-42.",
                    "Chez " + f.organisation() + " (n° R-42) : reçu."), steps);
            assertEquals(0L, TestSql.count("""
                    SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS'
                    AND (note LIKE '%abc%' OR data->>'remoteId' = 'abc')""", f.alertId()));
        }
    }

    @Test
    void aDispatcherSendsARefusedForwardingAgainOnceItsCauseIsFixed() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            Forwarded f = refused(remote, 190);
            String retry = "/api/v1/alerts/" + f.alertId() + "/forwarding/retry";

            // Dispatchers and admins only, as for forwarding the alert.
            given().post(retry).then().statusCode(401);
            Staff.create("AGENT", Staff.team(Spots.BULKY, "Équipe " + UUID.randomUUID(), List.of())).as().post(retry)
                    .then().statusCode(403);
            Staff.create("SUPERVISOR", null).as().post(retry).then().statusCode(403);
            assertEquals("FAILED", f.state());
            assertEquals(1, remote.posts());

            // The other organisation added the category to its list; a dispatcher sends it again.
            remote.onPost(new Answer(201, "[{\"service_request_id\":\"DEP-190\"}]"));
            Staff.Account dispatcher = Staff.create("DISPATCHER", null);
            dispatcher.as().post(retry).then().statusCode(202)
                    .body("forwarding.organisation", equalTo(f.organisation()))
                    .body("forwarding.state", equalTo("PENDING"))
                    .body("forwarding.attempts", equalTo(0))
                    .body("alert.status", equalTo("FORWARDED"));
            await("sent again", () -> "SENT".equals(f.state()));
            assertEquals(2, remote.posts());
            assertEquals("DEP-190", TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals(1L, TestSql.count("SELECT attempts FROM open311_forward WHERE alert_id = ?", f.alertId()));

            // The timeline tells the story: the refusal, who asked for a new sending, the sending.
            List<String> steps = List.of(((String) TestSql.scalar("""
                    SELECT string_agg(type || ' ' || actor || ' ' || note, E'\\n' ORDER BY at, id) FROM alert_event
                    WHERE alert_id = ? AND type IN ('REMOTE_STATUS', 'FORWARD_RETRY')""", f.alertId())).split("\n"));
            assertEquals(List.of(
                    "REMOTE_STATUS system La transmission à " + f.organisation() + " a été refusée : service_code not found",
                    "FORWARD_RETRY " + dispatcher.username() + " Nouvel envoi à " + f.organisation() + " demandé par Test "
                            + dispatcher.username() + ".",
                    "REMOTE_STATUS system Transmis à " + f.organisation() + " sous le n° DEP-190."), steps);
            assertEquals(1L, TestSql.count("SELECT count(*) FROM audit_log WHERE action = 'open311.forward.retry' AND target = ?"
                    + " AND actor_id = ?", "alert:" + f.alertId(), dispatcher.id()));

            // Sent now: nothing to send again.
            dispatcher.as().post(retry).then().statusCode(409).contentType("application/problem+json")
                    .body("state", equalTo("SENT"));
            assertEquals(2, remote.posts());
        }

        // An alert never forwarded over Open311 has nothing to send again.
        long notForwarded = ((Number) given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(191), "lon", Spots.lon(191), "description", "Armoire"))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId")).longValue();
        Staff.create("DISPATCHER", null).as().post("/api/v1/alerts/" + notForwarded + "/forwarding/retry")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aStoppedFollowUpIsReadAgainNotSentAgain() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            remote.onPost(new Answer(201, "[{\"service_request_id\":\"DEP-192\"}]"));
            remote.onGet(Answer.error(403, "api_key revoked"));
            Forwarded f = forward(remote.endpoint(), "o311_key", 192);
            await("follow-up stopped", () -> "FAILED".equals(f.state()));

            // The other organisation restored the key: the follow-up goes on, under the same number.
            remote.onGet(new Answer(200, "[{\"service_request_id\":\"DEP-192\",\"status\":\"open\"}]"));
            Staff.create("ADMIN", null).as().post("/api/v1/alerts/" + f.alertId() + "/forwarding/retry").then().statusCode(202)
                    .body("forwarding.state", equalTo("SENT"));
            await("read again", () -> "open".equals(TestSql.scalar("SELECT remote_status FROM open311_forward WHERE alert_id = ?",
                    f.alertId())));
            assertEquals(1, remote.posts(), "a request the organisation has is not sent twice");
            assertEquals("Chez " + f.organisation() + " (n° DEP-192) : reçu.", f.lastStep());
        }
    }

    @Test
    void aDeferredRequestWhoseNumberWasRefusedIsAskedAgainNotSentAgain() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            remote.onPost(new Answer(201, "[{\"token\":\"tok-193\"}]"));
            remote.onToken(Answer.error(403, "api_key revoked"));
            Forwarded f = forward(remote.endpoint(), "o311_key", 193);
            await("follow-up stopped", () -> "FAILED".equals(f.state()));

            // The organisation restored the key and created the request: it is asked for its number again.
            remote.onToken(new Answer(200, "[{\"token\":\"tok-193\",\"service_request_id\":\"R-193\"}]"));
            remote.onGet(new Answer(200, "[{\"service_request_id\":\"R-193\",\"status\":\"open\"}]"));
            Staff.create("ADMIN", null).as().post("/api/v1/alerts/" + f.alertId() + "/forwarding/retry").then().statusCode(202)
                    .body("forwarding.state", equalTo("SENT"));
            await("read again", () -> "open".equals(TestSql.scalar("SELECT remote_status FROM open311_forward WHERE alert_id = ?",
                    f.alertId())));
            assertEquals(1, remote.posts(), "a request the organisation holds by its token is not sent twice");
            assertEquals("R-193", TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
        }
    }

    @Test
    void aPostWhoseAnswerWasLostIsRetriedWithoutASecondRequestAtTheRemote() throws Exception {
        // The other organisation is a real Open311 server (this backend), behind a proxy that lets our first POST
        // through and then cuts the connection before its answer: the remote stored a request we never heard of.
        String key = clients.create("Commune voisine " + UUID.randomUUID(), null, null, "test").apiKey();
        String text = "Armoire abandonnée, réponse perdue " + UUID.randomUUID();
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy("http://localhost:" + RestAssured.port, 1)) {
            Forwarded f = forward(proxy.url("/open311/v2"), key, 194, text);

            await("sent after the lost answer", () -> "SENT".equals(f.state()) || "FAILED".equals(f.state()));
            assertEquals("SENT", f.state(), (String) TestSql.scalar("SELECT last_error FROM open311_forward WHERE alert_id = ?",
                    f.alertId()));
            assertEquals(2, proxy.posts(), "the first POST reached the remote, its answer lost; the retry too");
            assertEquals(2L, TestSql.count("SELECT attempts FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals(1L, TestSql.count("SELECT count(*) FROM report WHERE description = ? AND channel = 'open311'", text),
                    "the retry opened no second request at the remote");
            String remoteId = (String) TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId());
            assertEquals(text, TestSql.scalar("SELECT description FROM report WHERE tracking_number = ?", remoteId));
            assertEquals("Transmis à " + f.organisation() + " sous le n° " + remoteId + ".", f.lastStep());
        }
    }

    @Test
    void ourIdIsSentOnlyToARemoteWhoseServiceDefinitionAsksForIt() throws Exception {
        // A strict remote (mySociety's Open311::Endpoint) refuses an attribute its definition does not declare.
        try (ScriptedRemote strict = new ScriptedRemote()) {
            strict.onDefinition(new Answer(200, "{\"service_code\":\"x\",\"attributes\":[]}"));
            strict.onPost(new Answer(201, "[{\"service_request_id\":\"S-195\"}]"));
            Forwarded f = forward(strict.endpoint(), "o311_key", 195);
            await("sent", () -> "SENT".equals(f.state()));
            assertEquals(1, strict.definitionGets());
            assertFalse(strict.postBodies().get(0).contains("attribute"), strict.postBodies().toString());
        }
        // One that declares it gets it, the alert's number, the same at every attempt; while it cannot say whether
        // it wants it (down), nothing is POSTed: without the id, a retry could open a second request there.
        try (ScriptedRemote remote = new ScriptedRemote()) {
            remote.onDefinition(Answer.error(503, "maintenance"), ScriptedRemote.declaringClientId());
            remote.onPost(Answer.error(502, "bad gateway"), new Answer(201, "[{\"service_request_id\":\"S-196\"}]"));
            Forwarded f = forward(remote.endpoint(), "o311_key", 196);
            await("sent", () -> "SENT".equals(f.state()));
            assertEquals(3, remote.definitionGets(), "asked before each POST attempt");
            assertEquals(2, remote.posts(), "no POST while the definition could not be read");
            String id = "attribute%5B" + Open311Intake.CLIENT_ID + "%5D=" + f.alertId();
            for (String body : remote.postBodies()) {
                assertTrue(body.contains("&" + id + "&") || body.endsWith("&" + id), body);
            }
        }
    }

    @Test
    void aDeferredRequestWithoutItsNumberAfterTheMaximumWaitFailsAndIsAskedByItsTokenAgain() throws Exception {
        try (ScriptedRemote remote = new ScriptedRemote()) {
            remote.onPost(new Answer(201, "[{\"token\":\"tok-198\"}]"));
            remote.onToken(new Answer(200, "[{\"token\":\"tok-198\"}]"));
            Forwarded f = forward(remote.endpoint(), "o311_key", 198);
            await("asked for its number", () -> remote.tokenGets() >= 1);
            assertEquals("SENT", f.state());

            // Time passes (number-max-wait, 5 days): the wait is counted from the row, moved back as days would.
            TestSql.exec("UPDATE open311_forward SET awaiting_number_since = now() - interval '5 days 1 minute' WHERE alert_id = ?",
                    f.alertId());
            await("the follow-up stopped", () -> "FAILED".equals(f.state()));
            assertEquals("tok-198", TestSql.scalar("SELECT remote_token FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertNull(TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
            String words = "Le suivi chez " + f.organisation() + " (en attente de son numéro) s'arrête : aucun numéro après "
                    + "5 jours : la demande n'a toujours pas de numéro.";
            assertEquals(words, f.lastStep());
            f.failureIsStaffOnly(words);
            int asked = remote.tokenGets();

            // A dispatcher asks again: the token is asked again (never a second POST), for another full wait.
            Staff.create("DISPATCHER", null).as().post("/api/v1/alerts/" + f.alertId() + "/forwarding/retry").then()
                    .statusCode(202).body("forwarding.state", equalTo("SENT"));
            await("asked again, twice", () -> remote.tokenGets() >= asked + 2);
            assertEquals("SENT", f.state(), "a new wait started at the dispatcher's request");
            remote.onToken(new Answer(200, "[{\"token\":\"tok-198\",\"service_request_id\":\"R-198\"}]"));
            remote.onGet(new Answer(200, "[{\"service_request_id\":\"R-198\",\"status\":\"open\"}]"));
            await("numbered", () -> "R-198".equals(TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?",
                    f.alertId())));
            assertEquals(1, remote.posts(), "a request the organisation holds by its token is not sent twice");
        }
    }

    @Test
    void readsGoWithoutTheApiKeyAndWithItOnlyToARemoteThatWantsIt() throws Exception {
        // A strict GeoReport v2 server (mySociety's Open311::Endpoint) refuses a read carrying an api_key it
        // does not take: with the key on every read, the follow-up was stopped at its first status read.
        try (ScriptedRemote strict = new ScriptedRemote()) {
            strict.keyOnReads(false);
            strict.onPost(new Answer(201, "[{\"service_request_id\":\"R-199\"}]"));
            strict.onGet(new Answer(200, "[{\"service_request_id\":\"R-199\",\"status\":\"closed\"}]"));
            Forwarded f = forward(strict.endpoint(), "o311_key", 199);
            await("followed to its end", () -> "DONE".equals(f.state()));
            assertEquals(List.of(""), strict.readQueries(), "one read, without the key");
        }
        // A remote that wants the key on reads too (FixMyStreet's always_send_api_key) refuses the read without
        // it: asked once more with it, token and status alike.
        try (ScriptedRemote wanting = new ScriptedRemote()) {
            wanting.keyOnReads(true);
            wanting.onPost(new Answer(202, "[{\"token\":\"tok-200\"}]")); // Accepted: created later
            wanting.onToken(new Answer(200, "[{\"token\":\"tok-200\",\"service_request_id\":\"R-200\"}]"));
            wanting.onGet(new Answer(200, "[{\"service_request_id\":\"R-200\",\"status\":\"closed\"}]"));
            Forwarded f = forward(wanting.endpoint(), "o311_key", 200);
            await("numbered and followed to its end", () -> "DONE".equals(f.state()));
            assertEquals("R-200", TestSql.scalar("SELECT remote_id FROM open311_forward WHERE alert_id = ?", f.alertId()));
            assertEquals(List.of("", "api_key=o311_key", "", "api_key=o311_key"), wanting.readQueries());
            assertEquals(1, wanting.posts(), "202 Accepted is an answer, not an outage to POST again");
        }
    }

    /** An alert forwarded to an organisation of its own, whose Open311 endpoint is {@code endpoint}. */
    record Forwarded(long alertId, String organisation, String tracking, String followToken) {
        String state() {
            return (String) TestSql.scalar("SELECT state FROM open311_forward WHERE alert_id = ?", alertId);
        }

        /** What the reporter reads on the follow-up page and what Open311 clients read: never the failure's words. */
        void failureIsStaffOnly(String staffWords) {
            List<String> notes = given().queryParam("token", followToken).get("/api/v1/reports/" + tracking)
                    .then().statusCode(200).extract().jsonPath().getList("timeline.note");
            assertFalse(notes.contains(staffWords), notes.toString());
            assertTrue(notes.contains("La transmission à " + organisation
                    + " n'a pas abouti : nos services reprennent votre signalement."), notes.toString());
            List<String> updates = given().queryParam("service_request_id", tracking)
                    .queryParam("start_date", OffsetDateTime.now().minusHours(1).toString())
                    .get("/open311/v2/servicerequestupdates.json").then().statusCode(200).extract().jsonPath()
                    .getList("description");
            assertFalse(updates.contains(staffWords), updates.toString());
        }

        /** The last step the forwarding wrote to the alert's timeline. */
        String lastStep() {
            return (String) TestSql.scalar("""
                    SELECT note FROM alert_event WHERE alert_id = ? AND type = 'REMOTE_STATUS' ORDER BY id DESC LIMIT 1""", alertId);
        }
    }

    /** An alert forwarded to {@code remote}, which refuses it (400): FAILED after one POST, never retried. */
    static Forwarded refused(ScriptedRemote remote, int spot) throws InterruptedException {
        remote.onPost(Answer.error(400, "service_code not found"));
        Forwarded f = forward(remote.endpoint(), "o311_key", spot);
        await("refused", () -> "FAILED".equals(f.state()));
        assertEquals(1, remote.posts(), "a refusal is not retried");
        return f;
    }

    static Forwarded forward(String endpoint, String apiKey, int spot) {
        return forward(endpoint, apiKey, spot, "Armoire abandonnée");
    }

    static Forwarded forward(String endpoint, String apiKey, int spot, String description) {
        String organisation = "Organisme test " + UUID.randomUUID().toString().substring(0, 8);
        TestSql.exec("INSERT INTO service (code, name, email, phone, postal_address) VALUES (?, ?, 'org@example.org', '01', 'Ailleurs')",
                "org-" + UUID.randomUUID(), organisation);
        long serviceId = TestSql.count("SELECT id FROM service WHERE name = ?", organisation);
        Staff.create("ADMIN", null).as().body(Map.of("open311Endpoint", endpoint, "open311ApiKey", apiKey))
                .put("/api/v1/admin/services/" + serviceId).then().statusCode(200);
        io.restassured.path.json.JsonPath ack = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", Spots.BULKY, "lat", Spots.lat(spot), "lon", Spots.lon(spot),
                        "description", description))
                .post("/api/v1/reports").then().statusCode(201).extract().jsonPath();
        long alertId = ack.getLong("alertId");
        Staff.create("DISPATCHER", null).as().body(Map.of("to", "FORWARDED", "forwardedTo", organisation))
                .post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);
        return new Forwarded(alertId, organisation, ack.getString("trackingNumber"), ack.getString("followToken"));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(until)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        fail("Timed out waiting for: " + what);
    }
}
