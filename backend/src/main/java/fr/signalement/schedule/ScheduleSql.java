package fr.signalement.schedule;

/** The claims of {@link OncePerSlot} on table scheduled_run. */
final class ScheduleSql {
    private ScheduleSql() {
    }

    /** A row back: this replica runs the slot (first claim, or a dead replica's claim past the lease). */
    static final String CLAIM = """
            INSERT INTO scheduled_run (job, slot, owner) VALUES (?, ?, ?)
            ON CONFLICT (job, slot) DO UPDATE
               SET owner = EXCLUDED.owner, started_at = now(), attempts = scheduled_run.attempts + 1
             WHERE scheduled_run.finished_at IS NULL
               AND scheduled_run.started_at < now() - make_interval(secs => ?)
            RETURNING attempts
            """;

    static final String FINISHED = """
            UPDATE scheduled_run SET finished_at = now() WHERE job = ? AND slot = ? AND owner = ?
            """;

    /** A failed run gives the slot back: a replica firing later in the same slot tries again. */
    static final String GIVE_BACK = """
            DELETE FROM scheduled_run WHERE job = ? AND slot = ? AND owner = ? AND finished_at IS NULL
            """;

    static final String FORGET_OLD = """
            DELETE FROM scheduled_run WHERE job = ? AND slot < now() - make_interval(days => ?)
            """;
}
