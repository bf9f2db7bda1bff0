package fr.signalement.agent;

import android.app.Application;

import fr.signalement.agent.sync.SyncScheduler;

public final class AgentApp extends Application {
    @Override
    public void onCreate() {
        super.onCreate();
        SyncScheduler.schedulePeriodic(this);
    }
}
