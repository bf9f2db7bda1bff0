package fr.signalement.agent.sync;

import android.app.Notification;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;

import fr.signalement.agent.R;
import java.util.List;

import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.JobEvents;
import fr.signalement.agent.core.SyncReport;
import fr.signalement.agent.ui.InterventionActivity;

/**
 * Tells the agent of new, reassigned and overdue jobs found by a background sync or heard on the
 * server's event long-poll: one Android notification per job, opening it. Works without Google Play services (the sync is the app's own persisted job).
 */
public final class JobNotifier {
    public static final String CHANNEL = "jobs";

    private JobNotifier() { }

    public static void tell(Context context, SyncReport report) {
        if (report.newJobs.isEmpty() && report.overdueJobs.isEmpty()) return;
        NotificationManager nm = manager(context);
        if (nm == null) return;
        for (Intervention i : report.newJobs) nm.notify(tag(i.id()), 1, build(context, i.id(), R.string.notify_new_job,
                i.categoryLabel(), i.address().isEmpty() ? i.quartier() : i.address()));
        for (Intervention i : report.overdueJobs) nm.notify(tag(i.id()), 2, build(context, i.id(), R.string.notify_overdue_job,
                i.categoryLabel(), i.address().isEmpty() ? i.quartier() : i.address()));
    }

    /**
     * Events heard on the server's long-poll ({@link JobEvents}): the same notifications as a sync's,
     * under the same tags, so a job found both ways is shown once.
     */
    public static void tell(Context context, List<JobEvents.JobEvent> events) {
        if (events.isEmpty()) return;
        NotificationManager nm = manager(context);
        if (nm == null) return;
        for (JobEvents.JobEvent e : events) {
            boolean overdue = "OVERDUE".equals(e.kind());
            int title = overdue ? R.string.notify_overdue_job
                    : "REASSIGNED".equals(e.kind()) ? R.string.notify_reassigned_job : R.string.notify_new_job;
            nm.notify(tag(e.alertId()), overdue ? 2 : 1, build(context, e.alertId(), title, e.category(), e.address()));
        }
    }

    /**
     * Whether the agent will see them: on Android 13+ the POST_NOTIFICATIONS permission may have been
     * refused (the jobs still reach the list at each sync; Paramètres says so).
     */
    public static boolean enabled(Context context) {
        NotificationManager nm = context.getSystemService(NotificationManager.class);
        return nm != null && nm.areNotificationsEnabled();
    }

    private static NotificationManager manager(Context context) {
        NotificationManager nm = context.getSystemService(NotificationManager.class);
        if (nm == null) return null;
        nm.createNotificationChannel(new NotificationChannel(CHANNEL, context.getString(R.string.notify_channel),
                NotificationManager.IMPORTANCE_HIGH));
        return nm;
    }

    /** One tag per intervention, so a job's notifications replace each other rather than pile up. */
    public static String tag(long interventionId) {
        return "intervention:" + interventionId;
    }

    private static Notification build(Context context, long id, int title, String category, String where) {
        Intent open = new Intent(context, InterventionActivity.class).putExtra(InterventionActivity.EXTRA_ID, id)
                .addFlags(Intent.FLAG_ACTIVITY_NEW_TASK | Intent.FLAG_ACTIVITY_CLEAR_TOP);
        PendingIntent tap = PendingIntent.getActivity(context, (int) id, open,
                PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_UPDATE_CURRENT);
        return new Notification.Builder(context, CHANNEL)
                .setSmallIcon(R.drawable.ic_launcher)
                .setContentTitle(context.getString(title, category))
                .setContentText(where)
                .setContentIntent(tap)
                .setAutoCancel(true)
                .setCategory(Notification.CATEGORY_EVENT)
                .build();
    }
}
