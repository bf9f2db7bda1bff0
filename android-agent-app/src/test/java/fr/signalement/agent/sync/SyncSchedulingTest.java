package fr.signalement.agent.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.app.job.JobInfo;
import android.app.job.JobScheduler;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;

/** Periodic background sync (JobScheduler) and the push "wake up and sync" hook. */
@RunWith(RobolectricTestRunner.class)
public class SyncSchedulingTest {
    private final JobScheduler js = RuntimeEnvironment.getApplication().getSystemService(JobScheduler.class);

    @Test
    public void theAppSchedulesAPeriodicSyncNeedingNetwork() {
        JobInfo job = js.getPendingJob(SyncScheduler.PERIODIC_JOB_ID); // scheduled by AgentApp.onCreate
        assertNotNull(job);
        assertTrue(job.isPeriodic());
        assertEquals(SyncScheduler.PERIOD_MS, job.getIntervalMillis());
        assertEquals(JobInfo.NETWORK_TYPE_ANY, job.getNetworkType());
        assertEquals(SyncJobService.class.getName(), job.getService().getClassName());
    }

    @Test
    public void aPushOnlyWakesUpTheSync() {
        PushWakeUp.onPushMessage(RuntimeEnvironment.getApplication());
        JobInfo job = js.getPendingJob(SyncScheduler.ONE_SHOT_JOB_ID);
        assertNotNull(job);
        assertEquals(JobInfo.NETWORK_TYPE_ANY, job.getNetworkType());
    }
}
