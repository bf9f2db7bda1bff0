package fr.signalement.agent.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

import android.app.Application;
import android.app.Notification;
import android.app.NotificationManager;
import android.content.Intent;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.shadows.ShadowNotificationManager;
import org.robolectric.shadows.ShadowPendingIntent;

import fr.signalement.agent.AppConfig;
import fr.signalement.agent.Services;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.HttpAgentApi;
import fr.signalement.agent.core.InMemoryTokenStore;
import fr.signalement.agent.core.JobEvents;
import fr.signalement.agent.core.Session;
import fr.signalement.agent.data.FileBlobStore;
import fr.signalement.agent.data.SqliteLocalStore;
import fr.signalement.agent.ui.InterventionActivity;

/**
 * New-job alerts without Play services, against the REAL backend ({@link BackendFixture}): the tablet
 * registers, the dispatcher assigns a job to its team, the listening job hears it on the long-poll and
 * posts a notification that opens that job.
 */
@RunWith(RobolectricTestRunner.class)
public class JobEventsBackendTest {
    private final Application app = RuntimeEnvironment.getApplication();
    private Services services;
    private Session agent;
    private StaffClient dispatcher;

    @Before
    public void setUp() throws Exception {
        String backend = BackendFixture.baseUrl(); // skips the test when no backend is available
        InMemoryTokenStore tokens = new InMemoryTokenStore();
        HttpAgentApi api = new HttpAgentApi(backend, tokens, Clock.systemUTC());
        services = new Services(new AppConfig(app), tokens, new SqliteLocalStore(app),
                new FileBlobStore(Files.createTempDirectory("blobs").toFile()), api, new TestEnv.FixedLocator(),
                Clock.systemUTC(), Runnable::run);
        services.mapUsesNetwork = false;
        Services.install(services);
        agent = api.login("agent", "agent-demo");
        assertNotNull("the demo agent must belong to a team", agent.teamId());
        dispatcher = new StaffClient(backend, "dispatch", "dispatch-demo");
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    @Test
    public void aNewAssignmentIsNotifiedAndTheNotificationOpensThatJob() throws Exception {
        JobEvents events = new JobEvents(services.api, services.store, services.tokens, "test");
        assertTrue("the first call registers the tablet and starts from now", events.poll(0).isEmpty());
        // The demo team's jobs already past their deadline come as OVERDUE, once each: hear them out.
        for (int pages = 0; !events.poll(0).isEmpty(); pages++) assertTrue("events never run out", pages < 50);

        long id = dispatcher.assignedAlert(StaffClient.nextPoint(), agent.teamId());

        // One listening run (as JobEventsService does it): the event is already there, so the poll answers at once.
        assertEquals("reached the server", false, JobEventsService.listen(app, services, 0));
        ShadowNotificationManager nm = shadowOf(app.getSystemService(NotificationManager.class));
        Notification n = nm.getNotification(JobNotifier.tag(id), 1);
        assertNotNull("a notification for job " + id, n);
        assertTrue(n.extras.getCharSequence(Notification.EXTRA_TITLE).toString().startsWith("Nouvelle intervention : "));
        ShadowPendingIntent tap = shadowOf(n.contentIntent);
        assertTrue(tap.isActivityIntent());
        Intent opens = tap.getSavedIntent();
        assertEquals(InterventionActivity.class.getName(), opens.getComponent().getClassName());
        assertEquals(id, opens.getLongExtra(InterventionActivity.EXTRA_ID, -1));
        // …and the job is in the offline list when the agent opens it.
        assertNotNull(services.store.intervention(id));

        // Heard once: the cursor moved past it.
        List<JobEvents.JobEvent> again = events.poll(0);
        assertTrue(again.toString(), again.stream().noneMatch(e -> e.alertId() == id));
    }
}
