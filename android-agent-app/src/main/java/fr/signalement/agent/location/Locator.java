package fr.signalement.agent.location;

/** The device's position. */
public interface Locator {
    record Fix(double lat, double lon, float accuracyM, long timeMillis) { }

    interface Listener {
        void onFix(Fix fix);
    }

    /** The best recent fix, or null when unknown. */
    Fix lastFix();

    /** Starts updates (needs the location permission; does nothing without it). */
    void start(Listener listener);

    void stop(Listener listener);
}
