package fr.signalement.retention;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The nightly retention run, in the order the steps depend on each other: resolved alerts past
 * their reopen window are closed first, so the same night counts them as final. Each step is
 * idempotent and safe with another backend process running it at the same time.
 */
@ApplicationScoped
public class Retention {
    @Inject
    ResolvedClosing closing;
    @Inject
    ContactRetention contacts;
    @Inject
    ContentRetention content;
    @Inject
    FieldEventRetention field;
    @Inject
    fr.signalement.schedule.OncePerSlot once;

    @Scheduled(identity = "retention", cron = "{signalement.retention.cron}",
            timeZone = "{signalement.notify.digest.time-zone}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled(io.quarkus.scheduler.ScheduledExecution execution) {
        // Once across replicas: every replica fires at the same second, one claims it.
        once.run("retention", fr.signalement.schedule.OncePerSlot.slot(execution, null), this::run);
    }

    public void run() {
        closing.run();
        contacts.run();
        content.run();
        field.run();
    }
}
