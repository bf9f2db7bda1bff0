package fr.signalement.common;

import java.util.function.LongSupplier;

/**
 * How busy something has been lately: the share of the recent past during which it was at work,
 * as an exponentially weighted average of "at work" (1) and "idle" (0) with a time constant of
 * {@code tauNanos} — about the last second for one second. {@code width} units of work at once count
 * as fully busy (a pool of N workers is fully busy with N tasks). Thread-safe.
 */
public final class BusyMeter {
    private final double tauNanos;
    private final int width;
    private final LongSupplier clock;
    private int active;
    private double share;
    private long at;

    public BusyMeter(long tauNanos, int width) {
        this(tauNanos, width, System::nanoTime);
    }

    /** {@code clock}: nanoseconds, as {@link System#nanoTime} (tests turn their own). */
    public BusyMeter(long tauNanos, int width, LongSupplier clock) {
        this.tauNanos = tauNanos;
        this.width = Math.max(1, width);
        this.clock = clock;
        this.at = clock.getAsLong();
    }

    public synchronized void begin() {
        advance(clock.getAsLong());
        active++;
    }

    public synchronized void end() {
        advance(clock.getAsLong());
        active--;
    }

    /** Between 0 (idle all along) and 1 (at work all along, at full width). */
    public synchronized double share() {
        advance(clock.getAsLong());
        return share;
    }

    private void advance(long now) {
        double x = Math.min(1.0, active / (double) width);
        share = x + (share - x) * Math.exp(-(now - at) / tauNanos);
        at = now;
    }
}
