package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import android.app.AlertDialog;
import android.view.View;
import android.widget.EditText;
import android.widget.RadioButton;
import android.widget.RadioGroup;

import org.json.JSONArray;
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

/** "Can't fix": a reason from the server's list (cached at sync), queued offline like any action. */
@RunWith(RobolectricTestRunner.class)
public class CantFixFlowTest {
    private TestEnv env;

    @Before
    public void setUp() {
        env = new TestEnv(new TestEnv.OfflineApi());
        env.signIn("AGENT");
        env.store.putIntervention(TestEnv.intervention(7, "IN_PROGRESS", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(3)), 48.85, 2.35));
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void theServersReasonsAreOfferedAndTheChoiceIsQueued() {
        // The commune's list, as cached by the last sync (GET /api/v1/field/settings).
        env.store.putMeta(SyncEngine.META_FIELD_SETTINGS, TestEnv.obj("cantFixReasons", new JSONArray()
                .put(TestEnv.obj("code", "OTHER_TEAM", "label", "Relève d'une autre équipe", "returnsToDispatch", true))
                .put(TestEnv.obj("code", "MATERIAL", "label", "En attente de matériel", "returnsToDispatch", false))).toString());
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_cant_fix).performClick();
        TestEnv.idle();
        AlertDialog d = a.lastDialog();
        RadioGroup group = d.findViewById(R.id.cant_fix_reasons);
        assertEquals(2, group.getChildCount());
        RadioButton material = (RadioButton) group.getChildAt(1);
        assertEquals("En attente de matériel — Elle reste à l'équipe, en attente.", material.getText().toString());

        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick(); // no reason chosen
        TestEnv.idle();
        assertTrue(d.isShowing());
        assertTrue(env.store.actions().isEmpty());

        material.setChecked(true);
        ((EditText) d.findViewById(R.id.cant_fix_note)).setText("Il manque une grille d'avaloir");
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        assertFalse(d.isShowing());
        List<PendingAction> q = env.store.actions();
        assertEquals(1, q.size());
        assertEquals(ActionType.CANT_FIX, q.get(0).type);
        assertEquals("MATERIAL", q.get(0).requestBody().optString("reason"));
        assertEquals("Il manque une grille d'avaloir", q.get(0).requestBody().optString("note"));
        assertTrue(InterventionActivityTest.text(a, R.id.detail_status).startsWith("Signalée impossible"));
    }

    @Test
    public void beforeTheFirstSyncTheServersDefaultReasonsAreOffered() {
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_cant_fix).performClick();
        TestEnv.idle();
        RadioGroup group = a.lastDialog().findViewById(R.id.cant_fix_reasons);
        assertEquals(5, group.getChildCount());
        for (int i = 0; i < group.getChildCount(); i++) assertEquals(View.VISIBLE, group.getChildAt(i).getVisibility());
        assertEquals("NOT_FOUND", group.getChildAt(4).getTag());
    }

    @Test
    public void aNewProblemHereIsQueuedAtTheAgentsFreshPosition() {
        env.store.putMeta(SyncEngine.META_CATEGORIES, new JSONArray()
                .put(TestEnv.obj("code", "voirie-trou", "label", "Voirie — Trou"))
                .put(TestEnv.obj("code", "eclairage-panne", "label", "Éclairage — Lampadaire éteint")).toString());
        env.locator.at(48.8512, 2.3477);
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_new_problem).performClick();
        TestEnv.idle();
        AlertDialog d = a.lastDialog();
        android.widget.Spinner category = d.findViewById(R.id.new_problem_category);
        category.setSelection(1);
        ((EditText) d.findViewById(R.id.new_problem_description)).setText("Lampadaire éteint au coin de la rue");
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        PendingAction q = env.store.actions().get(0);
        assertEquals(ActionType.NEW_REPORT, q.type);
        assertEquals("eclairage-panne", q.payload.optString("categoryCode"));
        assertEquals(48.8512, q.payload.optDouble("lat"), 1e-9);
        assertEquals("field", q.payload.optString("channel"));
        assertEquals("Lampadaire éteint au coin de la rue", q.payload.optString("description"));
    }

    @Test
    public void aNewProblemNeedsAFreshPosition() {
        env.store.putMeta(SyncEngine.META_CATEGORIES, new JSONArray().put(TestEnv.obj("code", "c", "label", "C")).toString());
        env.locator.fix = new fr.signalement.agent.location.Locator.Fix(48.85, 2.35, 5f, TestEnv.NOW.minusSeconds(3600).toEpochMilli());
        InterventionActivity a = InterventionActivityTest.open(7);
        a.findViewById(R.id.action_new_problem).performClick();
        TestEnv.idle();
        assertEquals("Position GPS indisponible. Activez la localisation et réessayez.",
                org.robolectric.Shadows.shadowOf(a.lastDialog()).getMessage().toString());
        assertTrue(env.store.actions().isEmpty());
    }
}
