package fr.signalement.photo;

import fr.signalement.common.BusyMeter;

import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;

/**
 * Whose turn it is on the cores: photo work or the other requests. Photo work may start while the
 * photo workers' share of the last second is within what other requests left idle, and never
 * below {@code minShare}: on an idle server photos take every worker they have; under a steady
 * stream of requests they take {@code minShare} of their time and the requests keep their pace.
 * <p>
 * Priorities alone did not do this. On this project's 2-core machines a photo worker at the lowest
 * scheduling priority still cut the rate of reports without photo by a quarter, and a thread doing
 * nothing but spin at the idle priority cut it by 40–44 %: work running beside a request slows it down
 * whatever the scheduler decides (the cores share caches and memory bandwidth, and a virtual
 * machine's two cores may be two hyper-threads of one). So photos take turns in time, not in
 * priority (bench/README.md, "Flood").
 */
final class Turns {
    private final BusyMeter work;
    private final DoubleSupplier requests;
    private final double minShare;

    /** {@code work}: the photo workers, measured by {@link #measured}; {@code requests}: {@link fr.signalement.common.RequestLoad#share}. */
    Turns(BusyMeter work, DoubleSupplier requests, double minShare) {
        this.work = work;
        this.requests = requests;
        this.minShare = minShare;
    }

    boolean photoMayStart() {
        return work.share() <= Math.max(minShare, 1.0 - requests.getAsDouble());
    }

    /** The photo workers' share of the last second (tests). */
    double workShare() {
        return work.share();
    }

    /** {@code task}, counted as photo work while it runs. */
    <T> Callable<T> measured(Callable<T> task) {
        return () -> {
            work.begin();
            try {
                return task.call();
            } finally {
                work.end();
            }
        };
    }
}
