package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.time.Duration;
import java.util.List;

import android.app.AlertDialog;
import android.content.Intent;
import android.view.View;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.TextView;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.PendingAction;

/**
 * Shared tablets: another agent's sign-in never drops the previous one's unsent actions, and a
 * refusal card offers what would make the action succeed rather than a retry that cannot.
 */
@RunWith(RobolectricTestRunner.class)
public class SharedTabletTest {
    private TestEnv env;
    private LoginActivityTest.LoginApi api;

    @Before
    public void setUp() {
        api = new LoginActivityTest.LoginApi(200, "AGENT"); // signs in user 7
        env = new TestEnv(api);
        // Marie Dupont (user 5) worked offline, then her session expired and she left the tablet.
        env.store.putMeta("userId", "5");
        env.store.putMeta("userName", "Marie Dupont");
        env.store.putMeta("userLogin", "mdupont");
        env.store.putIntervention(TestEnv.intervention(7, "IN_PROGRESS", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(3)), 48.85, 2.35));
        env.store.putIntervention(TestEnv.intervention(8, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(5)), 48.86, 2.35));
        env.services.engine.record(7, ActionType.NOTE, TestEnv.obj("text", "Balisage posé"));
        env.services.engine.record(7, ActionType.TIME_SPENT, TestEnv.obj("minutes", 30));
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    private LoginActivity signInAsAnotherAgent() {
        Intent force = new Intent(RuntimeEnvironment.getApplication(), LoginActivity.class).putExtra(LoginActivity.EXTRA_FORCE, true);
        LoginActivity a = Robolectric.buildActivity(LoginActivity.class, force).setup().get();
        ((EditText) a.findViewById(R.id.login_username)).setText("jmartin");
        ((EditText) a.findViewById(R.id.login_password)).setText("secret");
        a.findViewById(R.id.login_submit).performClick();
        TestEnv.idle();
        return a;
    }

    @Test
    public void theNewAgentIsAskedAndCanTakeOverTheQueue() {
        LoginActivity a = signInAsAnotherAgent();
        AlertDialog d = a.handoverDialog();
        assertNotNull("asked before anything happens", d);
        assertTrue(d.isShowing());
        assertEquals("Marie Dupont a laissé 2 actions non envoyées sur cette tablette. Vous pouvez les reprendre (elles "
                + "seront envoyées sous votre nom), ou rendre la tablette pour que Marie Dupont se reconnecte et les envoie.",
                shadowOf(d).getMessage().toString());
        assertNull("not signed in yet", env.tokens.load());
        assertEquals(2, env.store.actions().size());

        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        assertEquals(7, env.tokens.load().userId());
        List<PendingAction> q = env.store.actions();
        assertEquals("the queue survives the other agent's sign-in", 2, q.size());
        assertEquals(ActionType.NOTE, q.get(0).type);
        assertNotNull("the queued work's intervention is kept", env.store.intervention(7));
        assertNull("the previous agent's other cached work is not shown", env.store.intervention(8));
        assertEquals(MainActivity.class.getName(), shadowOf(a).getNextStartedActivity().getComponent().getClassName());
    }

    @Test
    public void theTabletCanBeGivenBackWithTheQueueIntact() {
        LoginActivity a = signInAsAnotherAgent();
        a.handoverDialog().getButton(AlertDialog.BUTTON_NEGATIVE).performClick();
        TestEnv.idle();
        assertNull("the new agent is not signed in", env.tokens.load());
        assertEquals(2, env.store.actions().size());
        assertNotNull(env.store.intervention(8));
        assertEquals("mdupont", ((EditText) a.findViewById(R.id.login_username)).getText().toString());
        TextView error = a.findViewById(R.id.login_error);
        assertEquals(View.VISIBLE, error.getVisibility());
        assertEquals("Les actions de Marie Dupont restent sur la tablette : Marie Dupont doit se reconnecter pour les envoyer.",
                error.getText().toString());
        assertNull(shadowOf(a).getNextStartedActivity());
    }

    @Test
    public void theSameAgentSigningInAgainKeepsEverythingWithoutAsking() {
        env.store.putMeta("userId", "7");
        LoginActivity a = signInAsAnotherAgent();
        assertNull(a.handoverDialog());
        assertEquals(2, env.store.actions().size());
        assertNotNull(env.store.intervention(8));
    }

    @Test
    public void aRefusalForAMissingReasonAsksForTheReasonNotARetry() {
        env.signIn("AGENT");
        PendingAction resolve = env.services.engine.record(7, ActionType.RESOLVE, TestEnv.obj("lat", 48.86, "lon", 2.35,
                "at", TestEnv.NOW.toString(), "fixAt", TestEnv.NOW.toString()));
        resolve.state = PendingAction.State.REJECTED;
        resolve.error = "Vous êtes à 1113 m de l'alerte (plus de 100 m) : indiquez pourquoi.";
        resolve.errorField = "distanceReason";
        env.store.updateAction(resolve);

        InterventionActivity a = InterventionActivityTest.open(7);
        LinearLayout cards = a.findViewById(R.id.detail_conflicts);
        assertNull("no retry that cannot work", cards.findViewById(R.id.conflict_retry));
        a.findViewById(R.id.conflict_amend).performClick(); // empty reason
        assertEquals(PendingAction.State.REJECTED, find(resolve.clientActionId).state);
        ((EditText) a.findViewById(R.id.conflict_reason_input)).setText("Rue barrée, constaté depuis le carrefour");
        a.findViewById(R.id.conflict_amend).performClick();

        PendingAction amended = find(resolve.clientActionId);
        assertEquals(PendingAction.State.PENDING, amended.state);
        assertEquals("Rue barrée, constaté depuis le carrefour", amended.requestBody().optString("distanceReason"));
        assertEquals(TestEnv.NOW.toString(), amended.requestBody().optString("fixAt"));
        assertNull(amended.errorField);
    }

    @Test
    public void aRefusalForAStaleFixOffersANewFix() {
        env.signIn("AGENT");
        PendingAction resolve = env.services.engine.record(7, ActionType.RESOLVE, TestEnv.obj("lat", 48.85, "lon", 2.35,
                "at", TestEnv.NOW.toString(), "fixAt", TestEnv.NOW.minusSeconds(1200).toString()));
        resolve.state = PendingAction.State.REJECTED;
        resolve.error = "La position date de 20 min avant la résolution";
        resolve.errorField = "fixAt";
        env.store.updateAction(resolve);
        env.locator.at(48.85, 2.35);

        InterventionActivity a = InterventionActivityTest.open(7);
        assertNull(a.findViewById(R.id.conflict_retry));
        a.findViewById(R.id.conflict_new_fix).performClick();
        TestEnv.idle();
        assertNull("the stale action is gone", find(resolve.clientActionId));
        AlertDialog d = a.lastDialog();
        assertNotNull("the resolve dialog with a fresh fix", d.findViewById(R.id.resolve_accuracy));
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
        PendingAction fresh = env.store.actions().get(env.store.actions().size() - 1);
        assertEquals(ActionType.RESOLVE, fresh.type);
        assertEquals(TestEnv.NOW.toString(), fresh.requestBody().optString("fixAt"));
        assertFalse(fresh.clientActionId.equals(resolve.clientActionId));
    }

    private PendingAction find(String id) {
        for (PendingAction p : env.store.actions()) if (p.clientActionId.equals(id)) return p;
        return null;
    }
}
