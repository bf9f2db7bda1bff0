package fr.signalement.notify;

import com.icegreen.greenmail.util.GreenMail;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.alert.AlertStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox against a mail server that is down, comes back, or never takes a message: nothing is
 * lost, order per reporter holds, what keeps failing is kept as FAILED, an erased address is never
 * written to, and one address gets at most the cap's number of e-mails.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@QuarkusTestResource(NotifyServers.class)
class OutboxDeliveryTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @NotifyServers.Mail
    GreenMail mail;
    @Inject
    Fixtures fx;
    @Inject
    Outbox outbox;
    @ConfigProperty(name = "signalement.outbox.max-attempts")
    int maxAttempts;
    @ConfigProperty(name = "signalement.outbox.cap.per-address")
    int cap;

    /** The mail server goes away (it keeps its port; what it had received is forgotten). */
    @BeforeEach
    void smtpDown() {
        mail.stop();
    }

    /** Back for the other tests, whatever happened here. */
    @AfterEach
    void smtpUp() {
        if (!mail.isRunning()) {
            mail.start();
        }
    }

    private GreenMail smtpBack() {
        mail.start();
        return mail;
    }

    static String address(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    private long status(String sql, Object... params) {
        return ((Number) fx.scalar(sql, params)).longValue();
    }

    /** Waits until the address's first message has been tried {@code attempts} times and is still pending. */
    private void awaitFailedAttempts(String address, int attempts) {
        Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> status("""
                SELECT count(*) FROM outbox WHERE recipient_hash = ? AND status = 'PENDING' AND attempts >= ?
                  AND id = (SELECT min(id) FROM outbox WHERE recipient_hash = ?)
                """, Outbox.hash(address), attempts, Outbox.hash(address)) == 1);
    }

    @Test
    void whatWasWrittenWhileTheMailServerWasDownArrivesInOrderOnceItIsBack() throws Exception {
        String ana = address("ana");
        Response ack = Fixtures.report(Fixtures.RATS, Spots.lat(130), Spots.lon(130), ana);
        long alert = Fixtures.alertId(ack);
        fx.change(alert, AlertStatus.QUALIFIED);
        fx.change(alert, AlertStatus.ASSIGNED, null, null, fx.teamOf(alert), null, null);
        awaitFailedAttempts(ana, 2);
        assertEquals(3, status("SELECT count(*) FROM outbox WHERE recipient_hash = ? AND status = 'PENDING'", Outbox.hash(ana)));
        assertEquals(2, status("SELECT count(*) FROM outbox WHERE recipient_hash = ? AND attempts = 0", Outbox.hash(ana)),
                "the later messages wait for the first one: never \"assigned\" before the acknowledgement");

        GreenMail mail = smtpBack();
        List<Inbox.Received> got = Inbox.await(mail, ana, 3);
        assertTrue(got.get(0).subject().contains("a bien été reçu"), got.get(0).subject());
        assertTrue(got.get(1).subject().endsWith(": pris en compte"), got.get(1).subject());
        assertTrue(got.get(2).subject().contains(": confié"), got.get(2).subject());
        fx.awaitOutboxDrained();
        assertEquals(3, Inbox.to(mail, ana).size(), "each once");

        // Each message carries the identity of its outbox row: sent twice, it reads as one.
        long first = status("SELECT min(id) FROM outbox WHERE recipient_hash = ?", Outbox.hash(ana));
        MimeMessage m = null;
        for (MimeMessage x : mail.getReceivedMessages()) {
            if (x.getSubject().equals(got.get(0).subject())) {
                m = x;
            }
        }
        assertEquals("<outbox-" + first + "@localhost>", m.getMessageID());
        // Delivered rows keep neither the address nor the content.
        assertNull(fx.scalar("SELECT coalesce(recipient, subject, body_text) FROM outbox WHERE id = ?", first));
        assertEquals("SENT", fx.scalar("SELECT status FROM outbox WHERE id = ?", first));
    }

    @Test
    void aMessageThatCannotBeDeliveredIsKeptAsFailedAfterItsLastAttempt() {
        String bea = address("bea");
        Fixtures.report(Fixtures.RATS, Spots.lat(131), Spots.lon(131), bea);
        awaitFailedAttempts(bea, 1);
        // Skip to the last attempt rather than wait through the backoff.
        fx.sql("UPDATE outbox SET attempts = ?, next_attempt_at = now() WHERE recipient_hash = ? AND status = 'PENDING'",
                maxAttempts - 1, Outbox.hash(bea));
        Awaitility.await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() ->
                "FAILED".equals(fx.scalar("SELECT status FROM outbox WHERE recipient_hash = ?", Outbox.hash(bea))));
        assertEquals((long) maxAttempts, status("SELECT attempts FROM outbox WHERE recipient_hash = ?", Outbox.hash(bea)));
        assertTrue(((String) fx.scalar("SELECT last_error FROM outbox WHERE recipient_hash = ?", Outbox.hash(bea))).length() > 0);

        GreenMail mail = smtpBack();
        String probe = address("probe");
        Fixtures.report(Fixtures.RATS, Spots.lat(132), Spots.lon(132), probe);
        Inbox.await(mail, probe, 1);
        fx.awaitOutboxDrained();
        assertEquals(0, Inbox.to(mail, bea).size(), "a failed row is not sent again by itself");
    }

    @Test
    void anAddressErasedBeforeDeliveryIsNeverWrittenTo() {
        String cyd = address("cyd");
        Response ack = Fixtures.report(Fixtures.RATS, Spots.lat(133), Spots.lon(133), cyd);
        awaitFailedAttempts(cyd, 1);
        given().queryParam("token", (String) ack.path("followToken"))
                .delete("/api/v1/reports/{tn}/contact", (String) ack.path("trackingNumber")).then().statusCode(204);
        GreenMail mail = smtpBack();
        fx.awaitOutboxDrained();
        assertEquals(0, Inbox.to(mail, cyd).size());
        assertEquals("SKIPPED", fx.scalar("SELECT status FROM outbox WHERE recipient_hash = ?", Outbox.hash(cyd)));
    }

    /**
     * A mail server that is down while a service's address piles up messages: the rows behind its
     * first wait as long as it does (so the worker, which looks only at the first due rows, is never
     * stuck behind them), a row written later lines up behind them, and another address's message
     * is still tried at once. Once the server is back, all arrive in order.
     */
    @Test
    void aLongQueueForOneAddressWaitsBehindItsFirstAndHoldsNoOneElseUp() throws Exception {
        String desk = address("desk");
        int queued = 3 * OutboxWorker.LOOK_AHEAD;
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 1; i <= queued; i++) {
                outbox.email(Outbox.Email.toStaff(desk, Letter.titled("Alerte " + i).para("n° " + i).build(), "test-queue"));
            }
        });
        awaitFailedAttempts(desk, 1);
        String hash = Outbox.hash(desk);
        // None of the rows behind the first is due before it.
        String outOfLine = """
                SELECT count(*) FROM (
                    SELECT next_attempt_at < lag(next_attempt_at) OVER (ORDER BY id) AS early
                    FROM outbox WHERE recipient_hash = ? AND status = 'PENDING') x
                WHERE early
                """;
        assertEquals(0, status(outOfLine, hash));
        assertEquals(queued - 1, status("""
                SELECT count(*) FROM outbox WHERE recipient_hash = ? AND status = 'PENDING' AND attempts = 0
                  AND next_attempt_at >= (SELECT next_attempt_at FROM outbox WHERE id = (SELECT min(id) FROM outbox WHERE recipient_hash = ?))
                """, hash, hash), "the rows behind the first wait as long as it does");

        // Written now, behind the queue; and another address is tried at once, not after the queue.
        QuarkusTransaction.requiringNew().run(() ->
                outbox.email(Outbox.Email.toStaff(desk, Letter.titled("Alerte finale").para("la dernière").build(), "test-queue")));
        assertEquals(0, status(outOfLine, hash), "a row written later lines up behind the queue");
        String other = address("other-desk");
        QuarkusTransaction.requiringNew().run(() ->
                outbox.email(Outbox.Email.toStaff(other, Letter.titled("Autre service").para("rien à voir").build(), "test-queue")));
        awaitFailedAttempts(other, 1);

        GreenMail mail = smtpBack();
        List<Inbox.Received> got = Inbox.await(mail, desk, queued + 1);
        for (int i = 1; i <= queued; i++) {
            assertEquals("Alerte " + i, got.get(i - 1).subject(), "in order");
        }
        assertEquals("Alerte finale", got.get(queued).subject());
        Inbox.await(mail, other, 1);
    }

    @Test
    void oneAddressGetsAtMostTheCapOfEMailsPerPeriod() {
        GreenMail mail = smtpBack();
        String target = address("target");
        for (int i = 0; i < cap + 2; i++) {
            // Reports of one problem join one alert, each with its own acknowledgement.
            Fixtures.report(Fixtures.RATS, Spots.latNorth(134, i % 5), Spots.lon(134), i % 2 == 0 ? target.toUpperCase() : target);
        }
        fx.awaitOutboxDrained();
        assertEquals(cap, Inbox.to(mail, target).size());
        assertEquals(cap, status("SELECT count(*) FROM outbox WHERE recipient_hash = ?", Outbox.hash(target)));
        // Another address is not affected.
        String other = address("other");
        Fixtures.report(Fixtures.RATS, Spots.lat(139), Spots.lon(139), other);
        Inbox.await(mail, other, 1);
    }
}
