package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.jwt.Claim;
import io.quarkus.test.security.jwt.ClaimType;
import io.quarkus.test.security.jwt.JwtSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    @BeforeEach
    void staff() {
        fx.ensureStaff();
    }

    static Response message(long alertId, String text) {
        return given().contentType(ContentType.JSON).body(Map.of("text", text)).post("/api/v1/alerts/{id}/messages", alertId);
    }

    @Test
    @TestSecurity(user = "notify-dispatcher", roles = "DISPATCHER")
    @JwtSecurity(claims = @Claim(key = "uid", value = "9101", type = ClaimType.LONG))
    void dispatcherWritesToEveryReporterWithAnAddress() {
        String hugo = "hugo-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String iris = "iris-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Response first = Fixtures.report(Fixtures.RATS, Spots.lat(112), Spots.lon(112), hugo);
        long alert = ((Number) first.path("alertId")).longValue();
        Fixtures.report(Fixtures.RATS, Spots.latNorth(112, 4), Spots.lon(112), iris);
        Fixtures.report(Fixtures.RATS, Spots.latNorth(112, 6), Spots.lon(112), null);
        Inbox.await(mail, hugo, 1);
        Inbox.await(mail, iris, 1);

        message(alert, "Une dératisation est prévue jeudi <matin>.").then().statusCode(200)
                .body("sent", equalTo(2)).body("failed", equalTo(0));
        Inbox.Received m = Inbox.await(mail, hugo, 2).get(1);
        assertTrue(m.subject().contains(first.path("trackingNumber") + " : message du service"), m.subject());
        assertTrue(m.text().contains("« Une dératisation est prévue jeudi <matin>. »"), m.text());
        assertTrue(m.html().contains("Une dératisation est prévue jeudi &lt;matin&gt;."), "escaped in HTML");
        assertFalse(m.text().contains(iris), "reporters never see each other's address");
        Inbox.await(mail, iris, 2);

        assertEquals("notify-dispatcher", fx.scalar("""
                SELECT actor FROM audit_log WHERE action = 'alert.message' AND target = ? AND actor_id = 9101
                  AND (after ->> 'sent')::int = 2 ORDER BY id DESC LIMIT 1""", "alert:" + alert));

        message(alert, "  ").then().statusCode(400).body("field", equalTo("text"));
        message(999_999_999L, "Bonjour").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "notify-dispatcher-other", roles = "DISPATCHER")
    @JwtSecurity(claims = @Claim(key = "uid", value = "9102", type = ClaimType.LONG))
    void aDispatcherOfAnotherServiceMayNot() {
        long alert = ((Number) Fixtures.report(Fixtures.RATS, Spots.lat(113), Spots.lon(113), null).path("alertId")).longValue();
        message(alert, "Bonjour").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "notify-admin", roles = "ADMIN")
    @JwtSecurity(claims = @Claim(key = "uid", value = "9107", type = ClaimType.LONG))
    void anAdministratorMay() {
        long alert = ((Number) Fixtures.report(Fixtures.RATS, Spots.lat(113), Spots.lon(113), null).path("alertId")).longValue();
        message(alert, "Bonjour").then().statusCode(200).body("sent", equalTo(0));
    }

    @Test
    @TestSecurity(user = "notify-agent", roles = "AGENT")
    @JwtSecurity(claims = @Claim(key = "uid", value = "9103", type = ClaimType.LONG))
    void anAgentMayNot() {
        message(1, "Bonjour").then().statusCode(403);
    }

    @Test
    void nobodyWithoutAToken() {
        message(1, "Bonjour").then().statusCode(401);
    }
}
