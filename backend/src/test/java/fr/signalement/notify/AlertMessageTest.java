package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dispatcher's message to the reporters of an alert: who may send it, who receives it, the audit trail. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class AlertMessageTest {
    @NotifyServers.Mail
    GreenMail mail;
    @Inject
    Fixtures fx;

    static Response message(Staff.Account as, long alertId, String text) {
        return (as == null ? given().contentType(ContentType.JSON) : as.as())
                .body(Map.of("text", text)).post("/api/v1/alerts/{id}/messages", alertId);
    }

    /** A dispatcher who triages for the service in charge of rats only. */
    Staff.Account ratsDispatcher() {
        return fx.account("DISPATCHER", null, List.of(fx.serviceOf(Fixtures.RATS)));
    }

    @Test
    void dispatcherWritesToEveryReporterWithAnAddress() {
        Staff.Account dispatcher = ratsDispatcher();
        String hugo = "hugo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String iris = "iris-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Response first = Fixtures.report(Fixtures.RATS, Spots.lat(112), Spots.lon(112), hugo);
        long alert = ((Number) first.path("alertId")).longValue();
        Fixtures.report(Fixtures.RATS, Spots.latNorth(112, 4), Spots.lon(112), iris);
        Fixtures.report(Fixtures.RATS, Spots.latNorth(112, 6), Spots.lon(112), null);
        Inbox.await(mail, hugo, 1);
        Inbox.await(mail, iris, 1);

        // The answer comes at once; the e-mails go out afterwards and the console reads their delivery.
        long messageId = ((Number) message(dispatcher, alert, "Une dératisation est prévue jeudi <matin>.").then()
                .statusCode(200).body("recipients", equalTo(2)).body("failed", equalTo(0))
                .body("text", equalTo("Une dératisation est prévue jeudi <matin>."))
                .body("author", equalTo(dispatcher.username())).extract().path("id")).longValue();
        Inbox.Received m = Inbox.await(mail, hugo, 2).get(1);
        assertTrue(m.subject().contains(first.path("trackingNumber") + " : message du service"), m.subject());
        assertTrue(m.text().contains("« Une dératisation est prévue jeudi <matin>. »"), m.text());
        assertTrue(m.html().contains("Une dératisation est prévue jeudi &lt;matin&gt;."), "escaped in HTML");
        assertFalse(m.text().contains(iris), "reporters never see each other's address");
        Inbox.await(mail, iris, 2);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                dispatcher.as().get("/api/v1/alerts/{id}/messages", alert).then().statusCode(200).extract().<Integer>path("[0].sent") == 2);
        dispatcher.as().get("/api/v1/alerts/{id}/messages", alert).then().statusCode(200)
                .body("[0].id", equalTo((int) messageId)).body("[0].pending", equalTo(0)).body("[0].failed", equalTo(0));

        assertEquals(dispatcher.username(), fx.scalar("""
                SELECT actor FROM audit_log WHERE action = 'alert.message' AND target = ? AND actor_id = ?
                  AND (after ->> 'recipients')::int = 2 ORDER BY id DESC LIMIT 1""", "alert:" + alert, dispatcher.id()));

        message(dispatcher, alert, "  ").then().statusCode(400).body("field", equalTo("text"));
        message(dispatcher, 999_999_999L, "Bonjour").then().statusCode(404);
    }

    @Test
    void onlyDispatchersOfTheServiceAndAdministratorsMay() {
        long alert = Fixtures.alertId(Fixtures.report(Fixtures.RATS, Spots.lat(113), Spots.lon(113), null));
        Staff.Account otherService = fx.account("DISPATCHER", null, List.of(fx.serviceOf(Spots.POTHOLE)));
        message(otherService, alert, "Bonjour").then().statusCode(403);
        message(fx.admin(), alert, "Bonjour").then().statusCode(200).body("recipients", equalTo(0));
        otherService.as().get("/api/v1/alerts/{id}/messages", alert).then().statusCode(403);
        Staff.Account agent = fx.account("AGENT", fx.teamOf(alert), null);
        message(agent, alert, "Bonjour").then().statusCode(403);
        Staff.Account supervisor = fx.account("SUPERVISOR", null, null);
        message(supervisor, alert, "Bonjour").then().statusCode(403);
        message(null, alert, "Bonjour").then().statusCode(401);
    }
}
