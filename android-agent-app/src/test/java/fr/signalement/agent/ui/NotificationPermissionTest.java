package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import android.Manifest;
import android.view.View;
import android.widget.ListView;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.shadows.ShadowActivity;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.Intervention;

/** Android 13+ (the tests run API 34): the notification permission is asked; refused, the list still shows new jobs and Paramètres says how to allow them. */
@RunWith(RobolectricTestRunner.class)
public class NotificationPermissionTest {
    /** The server's list: one job just assigned to the team. */
    static final class TeamApi extends TestEnv.OfflineApi {
        @Override
        public List<Intervention> interventions() throws IOException, ApiException {
            return List.of(TestEnv.intervention(42, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(2)), 48.85, 2.35));
        }
    }

    private TestEnv env;

    @Before
    public void setUp() {
        env = new TestEnv(new TeamApi());
        env.signIn("AGENT");
        shadowOf(env.app).grantPermissions(Manifest.permission.ACCESS_FINE_LOCATION);
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void theFirstLaunchAsksForNotifications() {
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        ShadowActivity.PermissionsRequest asked = shadowOf(a).getLastRequestedPermission();
        assertTrue(Arrays.toString(asked.requestedPermissions),
                Arrays.asList(asked.requestedPermissions).contains(Manifest.permission.POST_NOTIFICATIONS));
        // Granted: not asked again.
        shadowOf(env.app).grantPermissions(Manifest.permission.POST_NOTIFICATIONS);
        MainActivity b = Robolectric.buildActivity(MainActivity.class).setup().get();
        assertEquals(null, shadowOf(b).getLastRequestedPermission());
    }

    @Test
    public void refusedTheListStillShowsNewJobsAndSettingsSaysHowToAllowThem() {
        shadowOf(env.app).denyPermissions(Manifest.permission.POST_NOTIFICATIONS);
        MainActivity a = Robolectric.buildActivity(MainActivity.class).setup().get();
        TestEnv.idle();
        ListView list = a.findViewById(R.id.main_list);
        assertEquals("the new job is in the list at the sync", 1, list.getAdapter().getCount());
        assertEquals(42L, list.getAdapter().getItemId(0));

        SettingsActivity s = Robolectric.buildActivity(SettingsActivity.class).setup().get();
        assertEquals(View.VISIBLE, s.findViewById(R.id.settings_notifications_off).getVisibility());
        s.findViewById(R.id.settings_notifications_open).performClick();
        assertEquals(android.provider.Settings.ACTION_APP_NOTIFICATION_SETTINGS,
                shadowOf(s).getNextStartedActivity().getAction());

        shadowOf(env.app).grantPermissions(Manifest.permission.POST_NOTIFICATIONS);
        SettingsActivity allowed = Robolectric.buildActivity(SettingsActivity.class).setup().get();
        assertEquals(View.GONE, allowed.findViewById(R.id.settings_notifications_off).getVisibility());
        assertEquals(View.GONE, allowed.findViewById(R.id.settings_notifications_open).getVisibility());
    }
}
