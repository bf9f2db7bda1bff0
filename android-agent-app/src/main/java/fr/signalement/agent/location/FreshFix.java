package fr.signalement.agent.location;

import java.time.Clock;

import android.os.Handler;

import fr.signalement.agent.core.ProofRules;

/**
 * Waits for a fix that proves where the agent is now: taken within the server's maximum age and
 * as precise as it asks, for at most its timeout. A last known position from the depot is never
 * taken for one. On timeout, the best fresh fix (less precise) is offered, or none.
 */
public final class FreshFix implements Locator.Listener {
    public interface Callback {
        /** A fresh fix, precise enough ({@code precise}) or the best one at timeout; null: none fresh. */
        void onResult(Locator.Fix fix, boolean precise);

        /** A fresh but not yet precise enough fix while waiting (shown to the agent). */
        void onProgress(Locator.Fix fix);
    }

    private final Locator locator;
    private final Clock clock;
    private final ProofRules rules;
    private final Handler handler;
    private final Callback callback;
    private final Runnable timeout = this::timedOut;
    private Locator.Fix best;
    private boolean done;

    public FreshFix(Locator locator, Clock clock, ProofRules rules, Handler handler, Callback callback) {
        this.locator = locator;
        this.clock = clock;
        this.rules = rules;
        this.handler = handler;
        this.callback = callback;
    }

    /** Returns true when a good fix was already there (the callback has run). */
    public boolean start() {
        Locator.Fix last = locator.lastFix();
        if (precise(last)) {
            finish(last, true);
            return true;
        }
        consider(last);
        locator.start(this);
        if (!done) handler.postDelayed(timeout, rules.fixTimeoutS() * 1000L);
        return done;
    }

    public void cancel() {
        done = true;
        handler.removeCallbacks(timeout);
        locator.stop(this);
    }

    /** The best fresh fix seen so far (null if none). */
    public Locator.Fix best() {
        return fresh(best) ? best : null;
    }

    @Override
    public void onFix(Locator.Fix fix) {
        if (done) return;
        if (precise(fix)) {
            finish(fix, true);
            return;
        }
        if (consider(fix)) callback.onProgress(best);
    }

    private boolean consider(Locator.Fix fix) {
        if (!fresh(fix)) return false;
        if (best == null || !fresh(best) || (fix.accuracyM() >= 0 && (best.accuracyM() < 0 || fix.accuracyM() < best.accuracyM()))) {
            best = fix;
            return true;
        }
        return false;
    }

    private void timedOut() {
        if (done) return;
        finish(best(), false);
    }

    private void finish(Locator.Fix fix, boolean precise) {
        cancel();
        callback.onResult(fix, precise);
    }

    private boolean fresh(Locator.Fix f) {
        return f != null && rules.fresh(f.timeMillis(), clock.millis());
    }

    private boolean precise(Locator.Fix f) {
        return fresh(f) && f.accuracyM() >= 0 && f.accuracyM() <= rules.fixAccuracyM();
    }
}
