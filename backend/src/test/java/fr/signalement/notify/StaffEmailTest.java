package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staff e-mails about new alerts: instant, or one daily digest per service, never twice. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class StaffEmailTest {
    static final String PLAYGROUND_GRAFFITI = "affiches-autocollants-ou-graffitis-sur-mobilier-jeux-pour-enfant";

    @NotifyServers.Mail
    GreenMail mail;
    @Inject
    Fixtures fx;
    @Inject
    StaffNotices staff;

    private long changedService;
    private String originalEmail;

    /** Gives the category's service a fresh address and the e-mail mode; restored after the test. */
    private String serviceAddress(String category, String mode) {
        changedService = fx.serviceOf(category);
        originalEmail = (String) fx.scalar("SELECT email FROM service WHERE id = ?", changedService);
        String address = "service-" + UUID.randomUUID().toString().substring(0, 8) + "@signalement.example";
        fx.sql("UPDATE service SET email = ?, staff_email_mode = ? WHERE id = ?", address, mode, changedService);
        return address;
    }

    @AfterEach
    void restore() {
        if (originalEmail != null) {
            fx.sql("UPDATE service SET email = ?, staff_email_mode = 'INSTANT' WHERE id = ?", originalEmail, changedService);
        }
    }

    /** Anything written to the outbox so far has been delivered once this returns. */
    private void drainQueue() {
        fx.awaitOutboxDrained();
    }

    @Test
    void instantServicesGetOneEMailPerNewAlertWithoutReportersData() {
        String service = serviceAddress(Fixtures.RATS, "INSTANT");
        String reporter = "gina-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Response first = Fixtures.report(Fixtures.RATS, Spots.lat(104), Spots.lon(104), reporter);
        long alert = ((Number) first.path("alertId")).longValue();
        Inbox.Received m = Inbox.await(mail, service, 1).get(0);
        assertTrue(m.subject().startsWith("Nouvelle alerte n° " + alert + " : Présence de rats"), m.subject());
        assertTrue(m.text().contains("Premier signalement : " + first.path("trackingNumber")), m.text());
        assertTrue(m.text().contains("http://localhost:8080/console/alertes/" + alert), m.text());
        assertFalse(m.text().contains(reporter), "no reporter's address in staff e-mails");
        assertFalse(m.html().contains(reporter));
        // A second report of the same problem joins the alert: no new staff e-mail.
        Response second = Fixtures.report(Fixtures.RATS, Spots.latNorth(104, 5), Spots.lon(104), null);
        assertEquals(alert, ((Number) second.path("alertId")).longValue());
        drainQueue();
        assertEquals(1, Inbox.to(mail, service).size());
        assertEquals("INSTANT", fx.scalar("SELECT mode FROM staff_alert_notice WHERE alert_id = ?", alert));
    }

    @Test
    void digestServicesGetOneDailyDigestAndNeverTheSameAlertTwice() {
        String service = serviceAddress(PLAYGROUND_GRAFFITI, "DIGEST");
        long a1 = ((Number) Fixtures.report(PLAYGROUND_GRAFFITI, Spots.lat(105), Spots.lon(105), null).path("alertId")).longValue();
        long a2 = ((Number) Fixtures.report(PLAYGROUND_GRAFFITI, Spots.lat(106), Spots.lon(106), null).path("alertId")).longValue();
        drainQueue();
        assertEquals(0, Inbox.to(mail, service).size(), "a DIGEST service gets no instant e-mail");

        assertTrue(staff.sendDigests() >= 1);
        List<Inbox.Received> digests = Inbox.await(mail, service, 1);
        Inbox.Received d = digests.get(0);
        assertTrue(d.subject().startsWith("Récapitulatif du "), d.subject());
        assertTrue(d.subject().contains("2 nouvelles alertes"), d.subject());
        assertTrue(d.text().contains("n° " + a1 + " — "), d.text());
        assertTrue(d.text().contains("n° " + a2 + " — "), d.text());
        assertTrue(d.html().contains("<ul>") && d.html().contains("Ouvrir l&#39;alerte n° " + a2));

        // The next run (say, after a restart) finds nothing new for this service.
        staff.sendDigests();
        long a3 = ((Number) Fixtures.report(PLAYGROUND_GRAFFITI, Spots.lat(107), Spots.lon(107), null).path("alertId")).longValue();
        drainQueue();
        staff.sendDigests();
        Inbox.Received next = Inbox.await(mail, service, 2).get(1);
        assertTrue(next.subject().contains("1 nouvelle alerte"), next.subject());
        assertTrue(next.text().contains("n° " + a3 + " — "));
        assertFalse(next.text().contains("n° " + a1 + " — "));
        assertEquals(2, Inbox.to(mail, service).size());
        assertEquals(2L, ((Number) fx.scalar("SELECT count(*) FROM staff_digest WHERE service_id = ?", changedService)).longValue());
        assertEquals(3L, ((Number) fx.scalar("""
                SELECT count(*) FROM staff_alert_notice WHERE alert_id IN (?, ?, ?) AND mode = 'DIGEST' AND digest_id IS NOT NULL
                """, a1, a2, a3)).longValue());
    }
}
