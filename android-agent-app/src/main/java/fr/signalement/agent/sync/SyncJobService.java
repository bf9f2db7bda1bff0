package fr.signalement.agent.sync;

import android.app.job.JobParameters;
import android.app.job.JobService;

import fr.signalement.agent.Services;
import fr.signalement.agent.core.SyncReport;

/** Runs {@code SyncEngine.sync()} in the background when JobScheduler says the network is there. */
public final class SyncJobService extends JobService {
    @Override
    public boolean onStartJob(JobParameters params) {
        Services s = Services.get(this);
        if (s.session() == null) return false; // signed out: nothing to sync
        s.background(() -> {
            SyncReport r = s.engine.sync();
            // retry later (with JobScheduler's back-off) if the network went away mid-way
            jobFinished(params, r.offline && r.stillQueued > 0);
        });
        return true;
    }

    @Override
    public boolean onStopJob(JobParameters params) {
        return true;
    }
}
