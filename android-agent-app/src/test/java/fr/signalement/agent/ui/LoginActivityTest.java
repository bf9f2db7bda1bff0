package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.io.IOException;

import android.content.Intent;
import android.view.View;
import android.widget.EditText;
import android.widget.TextView;

import org.json.JSONArray;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.Session;

@RunWith(RobolectricTestRunner.class)
public class LoginActivityTest {
    /** Answers login like the backend would for the given outcome. */
    static final class LoginApi extends TestEnv.OfflineApi {
        final int status;
        final String role;
        String user;
        String password;

        LoginApi(int status, String role) {
            this.status = status;
            this.role = role;
        }

        @Override
        public Session login(String u, String p) throws IOException, ApiException {
            user = u;
            password = p;
            if (status == 0) throw new IOException("no route to host");
            if (status != 200) throw new ApiException(status, TestEnv.obj("title", "refused", "status", status));
            return new Session("jwt-access-" + u, "refresh-" + u, TestEnv.NOW.plusSeconds(900),
                    TestEnv.obj("id", 7, "username", u, "displayName", "Agent Démo", "roles", new JSONArray().put(role), "teamId", 2));
        }
    }

    private TestEnv env;

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    private LoginActivity signIn(LoginApi api, String user, String password) {
        env = new TestEnv(api);
        LoginActivity a = Robolectric.buildActivity(LoginActivity.class).setup().get();
        ((EditText) a.findViewById(R.id.login_username)).setText(user);
        ((EditText) a.findViewById(R.id.login_password)).setText(password);
        a.findViewById(R.id.login_submit).performClick();
        return a;
    }

    @Test
    public void successfulSignInStoresTokensEncryptedAndOpensTheMap() {
        LoginApi api = new LoginApi(200, "AGENT");
        LoginActivity a = signIn(api, "agent", "agent-demo");

        assertEquals("agent", api.user);
        assertEquals("agent-demo", api.password);
        Session s = env.tokens.load();
        assertNotNull(s);
        assertEquals("jwt-access-agent", s.accessToken);
        assertEquals("refresh-agent", s.refreshToken);
        String raw = env.tokens.rawStoredValue();
        assertFalse("tokens must not be stored in clear", raw.contains("jwt-access") || raw.contains("refresh-agent"));
        Intent next = shadowOf(a).getNextStartedActivity();
        assertEquals(MainActivity.class.getName(), next.getComponent().getClassName());
        assertTrue(a.isFinishing());
    }

    @Test
    public void wrongPasswordIsExplainedInFrench() {
        LoginActivity a = signIn(new LoginApi(401, "AGENT"), "agent", "nope");
        TextView error = a.findViewById(R.id.login_error);
        assertEquals(View.VISIBLE, error.getVisibility());
        assertEquals("Identifiant ou mot de passe incorrect.", error.getText().toString());
        assertNull(env.tokens.load());
        assertNull(shadowOf(a).getNextStartedActivity());
    }

    @Test
    public void lockedAccount() {
        LoginActivity a = signIn(new LoginApi(429, "AGENT"), "agent", "x");
        assertTrue(((TextView) a.findViewById(R.id.login_error)).getText().toString().contains("bloqué"));
    }

    @Test
    public void unreachableServer() {
        LoginActivity a = signIn(new LoginApi(0, "AGENT"), "agent", "agent-demo");
        assertTrue(((TextView) a.findViewById(R.id.login_error)).getText().toString().startsWith("Serveur injoignable"));
    }

    @Test
    public void accountWithoutAgentRoleIsRefused() {
        LoginActivity a = signIn(new LoginApi(200, "DISPATCHER"), "dispatch", "dispatch-demo");
        assertTrue(((TextView) a.findViewById(R.id.login_error)).getText().toString().contains("agent"));
        assertNull(env.tokens.load());
    }

    @Test
    public void emptyFieldsAreNotSent() {
        LoginApi api = new LoginApi(200, "AGENT");
        LoginActivity a = signIn(api, "", "");
        assertNull(api.user);
        assertEquals(View.VISIBLE, a.findViewById(R.id.login_error).getVisibility());
    }

    @Test
    public void storedSessionSkipsTheForm() {
        env = new TestEnv(new TestEnv.OfflineApi());
        env.signIn("AGENT");
        LoginActivity a = Robolectric.buildActivity(LoginActivity.class).setup().get();
        assertEquals(MainActivity.class.getName(), shadowOf(a).getNextStartedActivity().getComponent().getClassName());
    }
}
