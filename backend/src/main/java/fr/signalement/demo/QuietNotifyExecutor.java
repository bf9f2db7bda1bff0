package fr.signalement.demo;

import fr.signalement.notify.NotifyExecutor;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * The notification executor, except for what the demo loader's own thread causes while it replays
 * ten weeks of history: no "new alert" e-mail to services, no status e-mail or push, for events
 * that happened (in the demo's story) weeks ago. Everywhere else it is the ordinary executor.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class QuietNotifyExecutor extends NotifyExecutor {
    private static final ThreadLocal<Boolean> REPLAYING = ThreadLocal.withInitial(() -> false);

    /** Runs {@code work} with the notifications it causes on this thread dropped. */
    static void quietly(Runnable work) {
        REPLAYING.set(true);
        try {
            work.run();
        } finally {
            REPLAYING.remove();
        }
    }

    @Override
    public void submit(String what, Runnable task) {
        if (!REPLAYING.get()) {
            super.submit(what, task);
        }
    }
}
