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
    /** New-job alerts: the persisted periodic listener, the safety net that survives reboots. */
    public static final int EVENTS_JOB_ID = 3;
    /** New-job alerts: the next listening run, chained at the end of the previous one. */
    public static final int EVENTS_NEXT_JOB_ID = 4;
    /** Before listening again after the server could not be reached. */
    static final long RETRY_AFTER_MS = 60_000L;

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

    /**
     * Listens for new jobs (sync/JobEventsService, the server's long-poll): a persisted periodic job,
     * so it runs again after a reboot even before BootReceiver, and a first run as soon as there is
     * network.
     */
    public static void listenForJobs(Context context) {
        JobScheduler js = context.getSystemService(JobScheduler.class);
        if (js == null) return;
        if (js.getPendingJob(EVENTS_JOB_ID) == null) {
            js.schedule(new JobInfo.Builder(EVENTS_JOB_ID, new ComponentName(context, JobEventsService.class))
                    .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                    .setPeriodic(PERIOD_MS)
                    .setPersisted(true)
                    .build());
        }
        if (js.getPendingJob(EVENTS_NEXT_JOB_ID) == null) listenAgain(context, false);
    }

    /** The next listening run, at once (after a pause when the server was unreachable). */
    static void listenAgain(Context context, boolean afterFailure) {
        JobScheduler js = context.getSystemService(JobScheduler.class);
        if (js == null) return;
        JobInfo.Builder b = new JobInfo.Builder(EVENTS_NEXT_JOB_ID, new ComponentName(context, JobEventsService.class))
                .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                .setPersisted(true);
        if (afterFailure) b.setMinimumLatency(RETRY_AFTER_MS);
        js.schedule(b.build());
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
