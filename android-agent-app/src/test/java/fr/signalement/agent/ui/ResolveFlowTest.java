package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import android.app.AlertDialog;
import android.os.Looper;
import android.widget.EditText;
import android.widget.TextView;

import org.json.JSONObject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.PendingAction;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.location.Locator;

/** Resolve: position + time as proof; a reason is required beyond the configured distance. */
@RunWith(RobolectricTestRunner.class)
public class ResolveFlowTest {
    private static final double LAT = 48.8566, LON = 2.3522;
    private TestEnv env;

    @Before
    public void setUp() {
        env = new TestEnv(new TestEnv.OfflineApi());
        env.signIn("AGENT");
        env.store.putIntervention(TestEnv.intervention(7, "IN_PROGRESS", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(3)), LAT, LON));
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void onSiteResolveRecordsPositionAndTimeWithoutAskingAReason() {
        env.locator.at(LAT + 0.0003, LON); // ~33 m
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        AlertDialog d = a.lastDialog();
        assertNull(d.findViewById(R.id.resolve_reason));
        assertTrue(((TextView) d.findViewById(R.id.resolve_accuracy)).getText().toString().startsWith("Position à ± 8 m, prise à"));
        ((EditText) d.findViewById(R.id.resolve_note)).setText("Rebouché");
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();

        List<PendingAction> q = env.store.actions();
        assertEquals(1, q.size());
        PendingAction r = q.get(0);
        assertEquals(ActionType.RESOLVE, r.type);
        JSONObject body = r.requestBody();
        assertEquals("RESOLVE", body.optString("type"));
        assertEquals(LAT + 0.0003, body.optDouble("lat"), 1e-9);
        assertEquals(LON, body.optDouble("lon"), 1e-9);
        assertEquals(8.0, body.optDouble("accuracyM"), 1e-9);
        assertEquals(TestEnv.NOW.toString(), body.optString("at"));
        assertEquals(TestEnv.NOW.toString(), body.optString("fixAt"));
        assertEquals("Rebouché", body.optString("note"));
        assertFalse(body.has("distanceReason"));
        assertEquals(r.clientActionId, body.optString("clientActionId"));
        assertEquals(3, body.optLong("baseVersion"));
        assertTrue(InterventionActivityTest.text(a, R.id.detail_status).startsWith("Résolue"));
        assertFalse(a.findViewById(R.id.action_resolve).isEnabled());
    }

    @Test
    public void farFromTheAlertAReasonIsRequired() {
        env.locator.at(LAT + 0.0045, LON); // ~500 m
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        AlertDialog d = a.lastDialog();
        TextView far = d.findViewById(R.id.resolve_far_text);
        assertNotNull(far);
        assertTrue(far.getText().toString(), far.getText().toString().startsWith("Vous êtes à 500 m du lieu signalé"));
        EditText reason = d.findViewById(R.id.resolve_reason);

        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle(); // no reason
        assertTrue(d.isShowing());
        assertEquals("La raison est obligatoire.", reason.getError().toString());
        assertTrue(env.store.actions().isEmpty());

        reason.setText("Accès barré par un chantier, constaté depuis le carrefour");
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        assertFalse(d.isShowing());
        PendingAction r = env.store.actions().get(0);
        assertEquals("Accès barré par un chantier, constaté depuis le carrefour", r.payload.optString("distanceReason"));
        assertEquals(LAT + 0.0045, r.payload.optDouble("lat"), 1e-9);
    }

    @Test
    public void thresholdComesFromTheServer() {
        // As cached by the last sync from GET /api/v1/field/settings.
        env.store.putMeta(SyncEngine.META_FIELD_SETTINGS, TestEnv.obj("proof", TestEnv.obj("resolveMaxDistanceM", 1000,
                "fixMaxAgeS", 120, "fixTimeoutS", 45, "fixAccuracyM", 30)).toString());
        env.locator.at(LAT + 0.0045, LON); // ~500 m < 1000 m
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        assertNull(a.lastDialog().findViewById(R.id.resolve_reason));
    }

    @Test
    public void resolvingAnInterventionNotYetStartedStartsItFirst() {
        env.store.putIntervention(TestEnv.intervention(8, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(3)), LAT, LON));
        env.locator.at(LAT, LON);
        InterventionActivity a = InterventionActivityTest.open(8);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        a.lastDialog().getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        List<PendingAction> q = env.store.actions();
        assertEquals(2, q.size());
        assertEquals(ActionType.START, q.get(0).type);
        assertEquals(ActionType.RESOLVE, q.get(1).type);
    }

    @Test
    public void withoutPositionTheAgentIsTold() {
        env.locator.fix = null;
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        assertNotNull("waiting for the GPS", a.lastDialog().findViewById(R.id.resolve_waiting));
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(46)); // the server's timeout: 45 s
        assertEquals("Position GPS indisponible. Activez la localisation et réessayez.",
                shadowOf(a.lastDialog()).getMessage().toString());
        assertTrue(env.store.actions().isEmpty());
    }

    @Test
    public void aStaleFixIsNeverTakenForAProofAndAFreshOneIsAwaited() {
        // Last known position: at the depot twenty minutes ago, though precise and on the spot.
        env.locator.fix = new Locator.Fix(LAT, LON, 5f, TestEnv.NOW.minusSeconds(1200).toEpochMilli());
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        AlertDialog waiting = a.lastDialog();
        assertNotNull(waiting.findViewById(R.id.resolve_waiting));
        assertFalse("no fresh fix to use yet", waiting.getButton(AlertDialog.BUTTON_POSITIVE).isEnabled());

        // The GPS gets a fix on site, 20 s old when the agent taps.
        long fixTime = TestEnv.NOW.minusSeconds(20).toEpochMilli();
        env.locator.emit(new Locator.Fix(LAT + 0.0001, LON, 6f, fixTime));
        TestEnv.idle();
        assertFalse(waiting.isShowing());
        AlertDialog d = a.lastDialog();
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        JSONObject body = env.store.actions().get(0).requestBody();
        assertEquals("the fix's own time", Instant.ofEpochMilli(fixTime).toString(), body.optString("fixAt"));
        assertEquals("the tap", TestEnv.NOW.toString(), body.optString("at"));
        assertEquals(6.0, body.optDouble("accuracyM"), 1e-9);
        assertTrue("listening stopped", env.locator.listening.isEmpty());
    }

    @Test
    public void onlyAStaleFixAtTimeoutTellsTheAgentAndRecordsNothing() {
        env.locator.fix = new Locator.Fix(LAT, LON, 5f, TestEnv.NOW.minusSeconds(1200).toEpochMilli());
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(46));
        String message = shadowOf(a.lastDialog()).getMessage().toString();
        assertTrue(message, message.startsWith("La dernière position connue date de 20 min : trop ancienne"));
        assertTrue(env.store.actions().isEmpty());
        assertTrue(env.locator.listening.isEmpty());
    }

    @Test
    public void anImpreciseFreshFixCanBeUsedAndItsAccuracyIsShownAndSent() {
        env.locator.fix = null;
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_resolve).performClick();
        TestEnv.idle();
        AlertDialog waiting = a.lastDialog();
        env.locator.emit(new Locator.Fix(LAT, LON, 80f, TestEnv.NOW.toEpochMilli())); // under trees: ± 80 m
        TestEnv.idle();
        assertTrue(((TextView) waiting.findViewById(R.id.resolve_waiting)).getText().toString().endsWith("Position actuelle : ± 80 m."));
        assertTrue(waiting.getButton(AlertDialog.BUTTON_POSITIVE).isEnabled());
        waiting.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        AlertDialog d = a.lastDialog();
        assertTrue(((TextView) d.findViewById(R.id.resolve_accuracy)).getText().toString().startsWith("Position à ± 80 m"));
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        assertEquals(80.0, env.store.actions().get(0).payload.optDouble("accuracyM"), 1e-9);
    }
}
