package fr.signalement.notify;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.retention.ContactRetention;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GDPR/CNIL: contact data goes 90 days after the alert's end, or at once on the reporter's request. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class ContactRetentionTest {
    @Inject
    Fixtures fx;
    @Inject
    ContactRetention retention;

    static String email() {
        return "jules-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    long reportId(Response ack) {
        return ((Number) fx.scalar("SELECT id FROM report WHERE tracking_number = ?", (String) ack.path("trackingNumber"))).longValue();
    }

    long alertId(Response ack) {
        return ((Number) ack.path("alertId")).longValue();
    }

    String emailOf(long reportId) {
        return (String) fx.scalar("SELECT contact_email FROM report WHERE id = ?", reportId);
    }

    @Test
    void addressesAndPushTokensGoAConfiguredTimeAfterTheAlertEnded() {
        Response closedLongAgo = Fixtures.report(Spots.POTHOLE, Spots.lat(119), Spots.lon(119), email());
        Response closedRecently = Fixtures.report(Spots.POTHOLE, Spots.lat(120), Spots.lon(120), email());
        Response rejectedLongAgo = Fixtures.report(Spots.POTHOLE, Spots.lat(121), Spots.lon(121), email());
        Response stillOpen = Fixtures.report(Spots.POTHOLE, Spots.lat(122), Spots.lon(122), email());
        fx.sql("UPDATE alert SET status = 'CLOSED', closed_at = now() - interval '91 days' WHERE id = ?", alertId(closedLongAgo));
        fx.sql("UPDATE alert SET status = 'CLOSED', closed_at = now() - interval '10 days' WHERE id = ?", alertId(closedRecently));
        // No closed_at (older data): the time of the last transition to the final state counts.
        fx.sql("UPDATE alert SET status = 'REJECTED', reject_reason = 'NOT_A_PROBLEM', closed_at = NULL WHERE id = ?", alertId(rejectedLongAgo));
        fx.sql("""
                INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status, reason)
                VALUES (?, now() - interval '100 days', 'TRANSITION', 'test', 'NEW', 'REJECTED', 'NOT_A_PROBLEM')
                """, alertId(rejectedLongAgo));
        fx.sql("UPDATE report SET received_at = now() - interval '200 days' WHERE id = ?", reportId(stillOpen));
        String token = "retention-" + UUID.randomUUID();
        fx.sql("INSERT INTO push_device (token, platform, report_id) VALUES (?, 'web', ?)", token, reportId(closedLongAgo));

        ContactRetention.Outcome outcome = retention.run();
        assertEquals(90, outcome.contactDays());
        assertTrue(outcome.emailsErased() >= 2, outcome.toString());
        assertTrue(outcome.pushTokensForgotten() >= 1, outcome.toString());

        for (Response gone : new Response[]{closedLongAgo, rejectedLongAgo}) {
            long id = reportId(gone);
            assertNull(emailOf(id));
            assertNotNull(fx.scalar("SELECT contact_erased_at FROM report WHERE id = ?", id));
        }
        assertNotNull(emailOf(reportId(closedRecently)));
        assertNotNull(emailOf(reportId(stillOpen)));
        assertEquals(0L, ((Number) fx.scalar("SELECT count(*) FROM push_device WHERE token = ?", token)).longValue());
        // Statistics keep their rows: reports and alerts are anonymised, not deleted.
        assertEquals(1L, ((Number) fx.scalar("""
                SELECT count(*) FROM report r JOIN alert a ON a.id = r.alert_id
                WHERE r.id = ? AND a.status = 'CLOSED' AND r.received_at IS NOT NULL AND a.first_report_at IS NOT NULL
                """, reportId(closedLongAgo))).longValue());
        // Each run is in the audit log, as the system, with its counts.
        assertEquals(outcome.emailsErased(), ((Number) fx.scalar("""
                SELECT (after ->> 'emailsErased')::int FROM audit_log
                WHERE actor = 'system' AND action = 'retention.contact.anonymise' AND actor_id IS NULL
                ORDER BY id DESC LIMIT 1""")).intValue());

        assertEquals(0, retention.run().emailsErased(), "nothing left to erase");
    }

    @Test
    void aReporterErasesTheirAddressFromTheFollowUpLink() {
        Response ack = Fixtures.report(Spots.BAGS, Spots.lat(123), Spots.lon(123), email());
        long id = reportId(ack);
        given().queryParam("token", "not-the-token").delete("/api/v1/reports/{tn}/contact", (String) ack.path("trackingNumber"))
                .then().statusCode(404);
        assertNotNull(emailOf(id));
        given().queryParam("token", (String) ack.path("followToken")).delete("/api/v1/reports/{tn}/contact", (String) ack.path("trackingNumber"))
                .then().statusCode(204);
        assertNull(emailOf(id));
        assertNotNull(fx.scalar("SELECT contact_erased_at FROM report WHERE id = ?", id));
        assertEquals("citizen", fx.scalar("""
                SELECT actor FROM audit_log WHERE action = 'report.contact.erase' AND target = ?
                  AND (before ->> 'contactEmailHeld')::boolean ORDER BY id DESC LIMIT 1""", "report:" + id));
        // Again: still 204, nothing left to erase.
        given().queryParam("token", (String) ack.path("followToken")).delete("/api/v1/reports/{tn}/contact", (String) ack.path("trackingNumber"))
                .then().statusCode(204);
        // The follow-up link keeps working.
        given().queryParam("token", (String) ack.path("followToken")).get("/api/v1/reports/{tn}", (String) ack.path("trackingNumber"))
                .then().statusCode(200);
    }
}
