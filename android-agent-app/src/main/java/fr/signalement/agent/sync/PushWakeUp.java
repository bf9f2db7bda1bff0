package fr.signalement.agent.sync;

import android.content.Context;

/**
 * Push = "wake up and sync", nothing more. The FCM client library is only on Google's Maven
 * repository, which this build cannot reach, so the app does not link it and relies on JobScheduler
 * (periodic), on-resume and pull-to-refresh syncs. To add push later: a FirebaseMessagingService
 * calls {@link #onPushMessage} from onMessageReceived and {@link #onNewToken} from onNewToken
 * (register it with {@code POST /api/v1/devices {token, platform:"android"}}).
 */
public final class PushWakeUp {
    private PushWakeUp() { }

    /** Any push message means "something changed for your team": sync as soon as possible. */
    public static void onPushMessage(Context context) {
        SyncScheduler.syncSoon(context);
    }

    /** Hook for the push token; without an FCM client there is none to register. */
    public static void onNewToken(Context context, String token) {
        // intentionally empty until a push client is linked (see class comment)
    }
}
