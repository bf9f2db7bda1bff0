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
            JobNotifier.tell(this, r);
            // On Wi-Fi, keep the sector's map offline (bounded; already cached tiles are skipped).
            if (r.complete() && fr.signalement.agent.map.SectorMap.onWifi(this)) {
                try {
                    fr.signalement.agent.map.SectorMap.prefetch(this, s);
                } catch (RuntimeException e) {
                    // the map is a convenience: never fail the sync job for it
                }
            }
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
