package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.alert.AlertStatus;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** E-mails to reporters, as received by a real SMTP server. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class ReporterEmailTest {
    @NotifyServers.Mail
    GreenMail mail;
    @Inject
    Fixtures fx;

    static String address(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    static long alertId(Response r) {
        return ((Number) r.path("alertId")).longValue();
    }

    @Test
    void acknowledgementSaysWhatTheLawAsksInFrench() {
        String alice = address("alice");
        Response ack = Fixtures.report(Spots.POTHOLE, Spots.lat(96), Spots.lon(96), alice);
        String tn = ack.path("trackingNumber");
        Inbox.Received m = Inbox.await(mail, alice, 1).get(0);

        assertEquals("Votre signalement " + tn + " a bien été reçu", m.subject());
        assertTrue(m.from().contains("ne-pas-repondre@"), m.from());
        String received = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
                .format(Instant.parse(ack.path("receivedAt")).atZone(ZoneId.of("Europe/Paris")));
        String due = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
                .format(Instant.parse(ack.path("dueAt")).atZone(ZoneId.of("Europe/Paris")));
        for (String expected : List.of("Numéro de suivi : " + tn, received, "Catégorie : " + ack.path("category.label"),
                "Commune : " + ack.path("commune.name"), "service de signalement de " + ack.path("commune.name") + " :",
                "Service chargé du traitement : " + ack.path("service.name"),
                "Courriel du service : " + ack.path("service.email"),
                "Téléphone du service : " + ack.path("service.phone"),
                "Adresse postale du service : " + ack.path("service.address"),
                "Délai d'intervention annoncé : avant le", due, ack.path("followUrl"), "effacer")) {
            assertTrue(m.text().contains(expected), "plain text lacks «" + expected + "»:\n" + m.text());
        }
        assertNotNull(m.html());
        assertTrue(m.html().contains("<html lang=\"fr\">"));
        assertTrue(m.html().contains("<h1"));
        assertTrue(m.html().contains("href=\"" + ((String) ack.path("followUrl")).replace("&", "&amp;") + "\""));
        assertTrue(m.html().contains("<dt style=\"font-weight: bold;\">Service chargé du traitement</dt>"));
    }

    @Test
    void everyReporterWithAnAddressHearsOfEachStatusChangeThatMattersToThem() {
        int spot = 97;
        String alice = address("alice");
        String bob = address("bob");
        Response first = Fixtures.report(Spots.BULKY, Spots.lat(spot), Spots.lon(spot), alice);
        long alert = alertId(first);
        Response second = Fixtures.report(Spots.BULKY, Spots.latNorth(spot, 5), Spots.lon(spot), bob);
        assertEquals(alert, alertId(second));
        Fixtures.report(Spots.BULKY, Spots.latNorth(spot, 8), Spots.lon(spot), null); // anonymous
        Inbox.await(mail, alice, 1);
        Inbox.await(mail, bob, 1);

        fx.change(alert, AlertStatus.QUALIFIED);
        for (String who : List.of(alice, bob)) {
            Inbox.Received m = Inbox.next(mail, who, 1);
            assertTrue(m.subject().endsWith(": pris en compte"), m.subject());
            assertTrue(m.text().contains("a été examiné et pris en compte par le service"), m.text());
        }
        String aliceTn = first.path("trackingNumber");
        assertTrue(Inbox.to(mail, alice).get(1).subject().contains(aliceTn));
        assertTrue(Inbox.to(mail, bob).get(1).subject().contains((String) second.path("trackingNumber")));

        fx.change(alert, AlertStatus.ASSIGNED, null, null, fx.teamOf(alert), null, "Équipe du secteur");
        assertTrue(Inbox.next(mail, alice, 2).text().contains("a été confié à une équipe d'intervention"));
        fx.change(alert, AlertStatus.IN_PROGRESS); // no e-mail for this one
        // Published by staff: linked; not published: staff-only, so not in reporters' mail.
        String photo = fx.scalar("""
                INSERT INTO photo (alert_id, kind, storage_key, width, height, bytes, published_at)
                VALUES (?, 'AFTER', ?, 10, 10, 100, now()) RETURNING CAST(public_key AS text)""", alert, "after-" + UUID.randomUUID()).toString();
        String unpublished = fx.scalar("""
                INSERT INTO photo (alert_id, kind, storage_key, width, height, bytes) VALUES (?, 'AFTER', ?, 10, 10, 100)
                RETURNING CAST(public_key AS text)""", alert, "after-" + UUID.randomUUID()).toString();
        fx.change(alert, AlertStatus.RESOLVED, null, null, null, null, "Encombrants enlevés.");
        Inbox.Received resolved = Inbox.next(mail, bob, 3);
        assertTrue(resolved.subject().endsWith(": problème résolu"), resolved.subject());
        assertTrue(resolved.text().contains("http://localhost:8080/api/v1/photos/" + photo), resolved.text());
        assertTrue(resolved.text().contains("« Encombrants enlevés. »"), resolved.text());
        assertTrue(resolved.html().contains("href=\"http://localhost:8080/api/v1/photos/" + photo + "\""));
        assertTrue(resolved.html().contains("Voir la photo prise après l&#39;intervention"));
        assertFalse(resolved.text().contains(unpublished), resolved.text());
        // Acknowledgement, qualified, assigned, resolved: IN_PROGRESS did not write.
        Inbox.await(mail, alice, 4);
        fx.change(alert, AlertStatus.CLOSED); // nor for this one
        sleepForQueue();
        assertEquals(4, Inbox.to(mail, alice).size());
        assertEquals(4, Inbox.to(mail, bob).size());
    }

    @Test
    void rejectionGivesTheReasonInFrench() {
        String carol = address("carol");
        long alert = alertId(Fixtures.report(Spots.SHUTTER_GRAFFITI, Spots.lat(99), Spots.lon(99), carol));
        Inbox.await(mail, carol, 1);
        fx.change(alert, AlertStatus.REJECTED, "NOT_COMPETENT", null, null, null, null);
        Inbox.Received m = Inbox.next(mail, carol, 1);
        assertTrue(m.subject().endsWith(": classé sans suite"), m.subject());
        assertTrue(m.text().contains("ne relève pas de la compétence de la commune"), m.text());
    }

    @Test
    void forwardingNamesTheAuthorityAsTheCrpaAsks() {
        String dan = address("dan");
        long alert = alertId(Fixtures.report(Spots.POTHOLE, Spots.lat(100), Spots.lon(100), dan));
        Inbox.await(mail, dan, 1);
        fx.change(alert, AlertStatus.FORWARDED, null, "RATP – Département des infrastructures", null, null, null);
        Inbox.Received m = Inbox.next(mail, dan, 1);
        assertTrue(m.subject().contains("transmis à RATP – Département des infrastructures"), m.subject());
        assertTrue(m.text().contains("L.114-2"), m.text());
        assertTrue(m.text().contains("nous l'avons transmis à l'autorité compétente : RATP – Département des infrastructures."), m.text());
    }

    @Test
    void reportersOfAMergedAlertAreNotifiedAndAnErasedAddressNeverIs() {
        String erin = address("erin");
        String frank = address("frank");
        Response kept = Fixtures.report(Spots.BAGS, Spots.lat(101), Spots.lon(101), erin);
        Response absorbed = Fixtures.report(Spots.BAGS, Spots.lat(102), Spots.lon(102), frank);
        long keptAlert = alertId(kept);
        long absorbedAlert = alertId(absorbed);
        Inbox.await(mail, erin, 1);
        Inbox.await(mail, frank, 1);
        // A merge moves the other alert's reports into the surviving one; the other is closed as a
        // duplicate, which its former reporters are not told (their report lives on in the kept alert).
        fx.merge(keptAlert, absorbedAlert);
        fx.change(keptAlert, AlertStatus.QUALIFIED);
        Inbox.Received frankHears = Inbox.next(mail, frank, 1);
        assertTrue(frankHears.subject().contains((String) absorbed.path("trackingNumber")));
        assertTrue(frankHears.subject().endsWith(": pris en compte"), frankHears.subject());
        assertTrue(Inbox.next(mail, erin, 1).subject().endsWith(": pris en compte"));

        // Frank erases his address through his follow-up link: the next change reaches Erin only.
        io.restassured.RestAssured.given().queryParam("token", (String) absorbed.path("followToken"))
                .delete("/api/v1/reports/{tn}/contact", (String) absorbed.path("trackingNumber"))
                .then().statusCode(204);
        fx.change(keptAlert, AlertStatus.ASSIGNED, null, null, fx.teamOf(keptAlert), null, null);
        Inbox.next(mail, erin, 2);
        sleepForQueue();
        assertEquals(2, Inbox.to(mail, frank).size());
    }

    @Test
    void aReporterSayingNotFixedReopensItAndEveryReporterIsTold() {
        String kim = address("kim");
        String leo = address("leo");
        Response first = Fixtures.report(Spots.SHUTTER_GRAFFITI, Spots.lat(108), Spots.lon(108), kim);
        long alert = alertId(first);
        Fixtures.report(Spots.SHUTTER_GRAFFITI, Spots.latNorth(108, 3), Spots.lon(108), leo);
        fx.change(alert, AlertStatus.QUALIFIED);
        fx.change(alert, AlertStatus.ASSIGNED, null, null, fx.teamOf(alert), null, null);
        fx.change(alert, AlertStatus.IN_PROGRESS);
        fx.change(alert, AlertStatus.RESOLVED);
        Inbox.await(mail, leo, 4); // acknowledgement, qualified, assigned, resolved
        io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .queryParam("token", (String) first.path("followToken"))
                .body(java.util.Map.of("comment", "Le tag est toujours là."))
                .post("/api/v1/reports/{tn}/reopen", (String) first.path("trackingNumber"))
                .then().statusCode(200);
        Inbox.Received m = Inbox.next(mail, leo, 4);
        assertTrue(m.subject().endsWith(": de nouveau en cours de traitement"), m.subject());
        assertTrue(m.text().contains("signalé comme persistant"), m.text());
        assertTrue(Inbox.next(mail, kim, 4).subject().endsWith(": de nouveau en cours de traitement"));
    }

    /** Anything written to the outbox so far has been delivered (or skipped) once this returns. */
    private void sleepForQueue() {
        fx.awaitOutboxDrained();
    }
}
