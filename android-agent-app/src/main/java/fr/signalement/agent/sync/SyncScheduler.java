package fr.signalement.agent.sync;

import android.app.job.JobInfo;
import android.app.job.JobScheduler;
import android.content.ComponentName;
import android.content.Context;

/** JobScheduler jobs that replay the queue and refresh the cache when the network is there. */
public final class SyncScheduler {
    public static final int PERIODIC_JOB_ID = 1;
    public static final int ONE_SHOT_JOB_ID = 2;
    /** JobScheduler's minimum period. */
    public static final long PERIOD_MS = 15 * 60_000L;

    private SyncScheduler() { }

    public static void schedulePeriodic(Context context) {
        JobScheduler js = context.getSystemService(JobScheduler.class);
        if (js == null || js.getPendingJob(PERIODIC_JOB_ID) != null) return;
        js.schedule(new JobInfo.Builder(PERIODIC_JOB_ID, new ComponentName(context, SyncJobService.class))
                .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                .setPeriodic(PERIOD_MS)
                // Survives a reboot (RECEIVE_BOOT_COMPLETED); BootReceiver schedules it again anyway.
                .setPersisted(true)
                .build());
    }

    /** As soon as there is network (used after an action is recorded offline, and by push). */
    public static void syncSoon(Context context) {
        JobScheduler js = context.getSystemService(JobScheduler.class);
        if (js == null) return;
        js.schedule(new JobInfo.Builder(ONE_SHOT_JOB_ID, new ComponentName(context, SyncJobService.class))
                .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                .build());
    }

    public static void cancelAll(Context context) {
        JobScheduler js = context.getSystemService(JobScheduler.class);
        if (js != null) js.cancelAll();
    }
}
