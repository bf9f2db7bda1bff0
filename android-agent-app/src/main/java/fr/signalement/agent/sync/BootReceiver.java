package fr.signalement.agent.sync;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/**
 * After a reboot (or an app update) the background sync runs again without the agent opening the
 * app: new jobs are noticed and queued actions sent.
 */
public final class BootReceiver extends BroadcastReceiver {
    @Override
    public void onReceive(Context context, Intent intent) {
        String action = intent == null ? null : intent.getAction();
        if (Intent.ACTION_BOOT_COMPLETED.equals(action) || Intent.ACTION_MY_PACKAGE_REPLACED.equals(action)) {
            SyncScheduler.schedulePeriodic(context);
            SyncScheduler.syncSoon(context);
            SyncScheduler.listenForJobs(context);
        }
    }
}
