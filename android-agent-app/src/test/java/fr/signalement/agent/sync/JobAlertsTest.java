package fr.signalement.agent.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import android.app.Notification;
import android.app.NotificationManager;
import android.app.job.JobInfo;
import android.app.job.JobScheduler;
import android.content.Intent;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.shadows.ShadowNotificationManager;
import org.robolectric.shadows.ShadowPendingIntent;

import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.SyncReport;
import fr.signalement.agent.ui.InterventionActivity;

/** New-job alerts without Play services: the persisted job survives a reboot, and new or overdue jobs notify. */
@RunWith(RobolectricTestRunner.class)
public class JobAlertsTest {
    /** The team's list as the server would send it, changed by the test between pulls. */
    static final class TeamApi extends TestEnv.OfflineApi {
        final List<Intervention> list = new ArrayList<>();

        @Override
        public List<Intervention> interventions() throws IOException, ApiException {
            return new ArrayList<>(list);
        }
    }

    private TestEnv env;
    private TeamApi api;
    private final JobScheduler js = org.robolectric.RuntimeEnvironment.getApplication().getSystemService(JobScheduler.class);

    @Before
    public void setUp() {
        api = new TeamApi();
        env = new TestEnv(api);
        env.signIn("AGENT");
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void afterARebootTheSyncJobIsScheduledAgainAndPersisted() {
        js.cancelAll(); // what a reboot leaves of non-persisted jobs
        new BootReceiver().onReceive(env.app, new Intent(Intent.ACTION_BOOT_COMPLETED));
        JobInfo job = js.getPendingJob(SyncScheduler.PERIODIC_JOB_ID);
        assertNotNull(job);
        assertTrue("persisted across reboots", job.isPersisted());
        assertTrue(job.isPeriodic());
        assertNotNull("and a sync as soon as the network is there", js.getPendingJob(SyncScheduler.ONE_SHOT_JOB_ID));
    }

    @Test
    public void theJobListenerIsPersistedAndComesBackAfterAReboot() {
        js.cancelAll();
        new BootReceiver().onReceive(env.app, new Intent(Intent.ACTION_BOOT_COMPLETED));
        JobInfo listening = js.getPendingJob(SyncScheduler.EVENTS_JOB_ID);
        assertNotNull(listening);
        assertTrue("persisted across reboots", listening.isPersisted());
        assertTrue(listening.isPeriodic());
        assertEquals(JobEventsService.class.getName(), listening.getService().getClassName());
        JobInfo next = js.getPendingJob(SyncScheduler.EVENTS_NEXT_JOB_ID);
        assertNotNull("and a first listening run as soon as there is network", next);
        assertTrue(next.isPersisted());
    }

    @Test
    public void eventsHeardOnTheLongPollNotifyNewReassignedAndOverdueJobs() {
        JobNotifier.tell(env.app, List.of(
                new fr.signalement.agent.core.JobEvents.JobEvent(11, "NEW", 21, "Nid de poule", "3 rue de Rivoli", null),
                new fr.signalement.agent.core.JobEvents.JobEvent(12, "REASSIGNED", 22, "Tag", "", null),
                new fr.signalement.agent.core.JobEvents.JobEvent(13, "OVERDUE", 23, "Dépôt sauvage", "5 quai", null)));
        ShadowNotificationManager nm = shadowOf(env.app.getSystemService(NotificationManager.class));
        assertEquals(3, nm.size());
        assertEquals("Nouvelle intervention : Nid de poule",
                nm.getNotification("intervention:21", 1).extras.getCharSequence(Notification.EXTRA_TITLE).toString());
        assertEquals("Intervention réattribuée : Tag",
                nm.getNotification("intervention:22", 1).extras.getCharSequence(Notification.EXTRA_TITLE).toString());
        Notification late = nm.getNotification("intervention:23", 2);
        assertEquals("En retard : Dépôt sauvage", late.extras.getCharSequence(Notification.EXTRA_TITLE).toString());
        assertEquals(23, shadowOf(late.contentIntent).getSavedIntent().getLongExtra(InterventionActivity.EXTRA_ID, -1));
    }

    @Test
    public void aNewJobAndAnOverdueOneRaiseNotificationsThatOpenThem() {
        api.list.add(TestEnv.intervention(7, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(1)), 48.85, 2.35));
        SyncReport first = env.services.engine.pull();
        assertTrue("nothing is news at the first pull", first.newJobs.isEmpty());
        JobNotifier.tell(env.app, first);
        ShadowNotificationManager nm = shadowOf(env.app.getSystemService(NotificationManager.class));
        assertEquals(0, nm.size());

        // The dispatcher assigns a new job to the team; job 7 is now overdue.
        api.list.set(0, TestEnv.intervention(7, "ASSIGNED", "OVERDUE", TestEnv.NOW.minus(Duration.ofHours(1)), 48.85, 2.35));
        api.list.add(TestEnv.intervention(9, "ASSIGNED", "ON_TIME", TestEnv.NOW.plus(Duration.ofHours(4)), 48.86, 2.35));
        SyncReport second = env.services.engine.pull();
        assertEquals(1, second.newJobs.size());
        assertEquals(1, second.overdueJobs.size());
        JobNotifier.tell(env.app, second);

        assertEquals(2, nm.size());
        Notification fresh = nm.getNotification("intervention:9", 1);
        assertEquals("Nouvelle intervention : Nid de poule #9", fresh.extras.getCharSequence(Notification.EXTRA_TITLE).toString());
        assertEquals("9 rue de Rivoli", fresh.extras.getCharSequence(Notification.EXTRA_TEXT).toString());
        ShadowPendingIntent tap = shadowOf(fresh.contentIntent);
        assertTrue(tap.isActivityIntent());
        Intent opens = tap.getSavedIntent();
        assertEquals(InterventionActivity.class.getName(), opens.getComponent().getClassName());
        assertEquals(9, opens.getLongExtra(InterventionActivity.EXTRA_ID, -1));
        Notification late = nm.getNotification("intervention:7", 2);
        assertEquals("En retard : Nid de poule #7", late.extras.getCharSequence(Notification.EXTRA_TITLE).toString());

        // Nothing new at the next pull: no new notification.
        SyncReport third = env.services.engine.pull();
        assertTrue(third.newJobs.isEmpty() && third.overdueJobs.isEmpty());
    }
}
