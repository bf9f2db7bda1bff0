package fr.signalement.agent.sync;

import java.io.IOException;
import java.util.List;

import android.app.job.JobParameters;
import android.app.job.JobService;
import android.content.Context;

import fr.signalement.agent.Services;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.JobEvents;

/**
 * The persisted job that listens for new, reassigned and overdue jobs without Google Play services:
 * it long-polls the server's events ({@link JobEvents}) for a few minutes, notifies each one, refreshes
 * the list, then hands over to its next run (JobScheduler's limit on a run is 10 minutes).
 */
public final class JobEventsService extends JobService {
    /** How long the server may hold one poll (below its 30 s bound and the usual proxy idle limits). */
    public static final int WAIT_S = 25;
    /** One run's length: well inside JobScheduler's 10 minutes. */
    static final long RUN_MS = 8 * 60_000L;

    private volatile boolean stopped;

    @Override
    public boolean onStartJob(JobParameters params) {
        Services s = Services.get(this);
        if (s.session() == null) return false; // signed out: nobody to tell
        stopped = false;
        s.background(() -> {
            boolean failed = listen(this, s, RUN_MS);
            jobFinished(params, false);
            if (!stopped) SyncScheduler.listenAgain(this, failed);
        });
        return true;
    }

    /**
     * Polls until {@code forMs} is over (or the job is stopped); each event is notified and the list
     * refreshed. Returns true when the server could not be reached (the next run waits a little).
     */
    static boolean listen(Context context, Services s, long forMs) {
        JobEvents events = new JobEvents(s.api, s.store, s.tokens, s.config.appVersion());
        long end = System.currentTimeMillis() + forMs;
        JobEventsService self = context instanceof JobEventsService j ? j : null;
        do {
            try {
                List<JobEvents.JobEvent> heard = events.poll(WAIT_S);
                if (!heard.isEmpty()) {
                    JobNotifier.tell(context, heard);
                    s.engine.sync(); // the new job is in the list (and cached offline) when the agent opens it
                }
            } catch (IOException | ApiException | RuntimeException e) {
                return true;
            }
        } while (System.currentTimeMillis() < end && (self == null || !self.stopped));
        return false;
    }

    @Override
    public boolean onStopJob(JobParameters params) {
        stopped = true;
        return true; // run again when the conditions are back
    }
}
