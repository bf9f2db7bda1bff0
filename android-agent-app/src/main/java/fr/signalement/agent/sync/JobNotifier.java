package fr.signalement.agent.sync;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;

import fr.signalement.agent.R;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.SyncReport;
import fr.signalement.agent.ui.InterventionActivity;

/**
 * Tells the agent of new and overdue jobs found by a background sync: one Android notification per
 * job, opening it. Works without Google Play services (the sync is the app's own persisted job).
 */
public final class JobNotifier {
    public static final String CHANNEL = "jobs";

    private JobNotifier() { }

    public static void tell(Context context, SyncReport report) {
        if (report.newJobs.isEmpty() && report.overdueJobs.isEmpty()) return;
        NotificationManager nm = context.getSystemService(NotificationManager.class);
        if (nm == null) return;
        nm.createNotificationChannel(new NotificationChannel(CHANNEL, context.getString(R.string.notify_channel),
                NotificationManager.IMPORTANCE_HIGH));
        for (Intervention i : report.newJobs) nm.notify(tag(i), 1, build(context, i, R.string.notify_new_job));
        for (Intervention i : report.overdueJobs) nm.notify(tag(i), 2, build(context, i, R.string.notify_overdue_job));
    }

    /** One tag per intervention, so a job's notifications replace each other rather than pile up. */
    public static String tag(Intervention i) {
        return "intervention:" + i.id();
    }

    private static Notification build(Context context, Intervention i, int title) {
        Intent open = new Intent(context, InterventionActivity.class).putExtra(InterventionActivity.EXTRA_ID, i.id())
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK | Intent.FLAG_ACTIVITY_CLEAR_TOP);
        PendingIntent tap = PendingIntent.getActivity(context, (int) i.id(), open,
                PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_UPDATE_CURRENT);
        String where = i.address().isEmpty() ? i.quartier() : i.address();
        return new Notification.Builder(context, CHANNEL)
                .setSmallIcon(R.drawable.ic_launcher)
                .setContentTitle(context.getString(title, i.categoryLabel()))
                .setContentText(where)
                .setContentIntent(tap)
                .setAutoCancel(true)
                .setCategory(Notification.CATEGORY_EVENT)
                .build();
    }
}
