package fr.signalement.retention;

import fr.signalement.alert.AlertSql;

/**
 * The retention jobs' SQL. Every statement is conditional on what it changes (still there, not yet
 * erased), so a second run, or the same job running in another backend process at the same time,
 * finds nothing left and changes nothing.
 */
final class RetentionSql {
    private RetentionSql() {
    }

    /**
     * Alerts that reached a final state (closed, rejected, forwarded) more than {@code :days} days
     * ago: {@code closed_at}, else (older data) the last transition to that state, else the last update.
     */
    static final String FINAL_ALERTS = """
            SELECT a.id FROM alert a
            WHERE a.status IN ('CLOSED', 'REJECTED', 'FORWARDED')
              AND coalesce(a.closed_at,
                           (SELECT max(e.at) FROM alert_event e
                            WHERE e.alert_id = a.id AND e.to_status = a.status AND e.from_status IS NOT NULL),
                           a.updated_at) < now() - make_interval(days => :days)
            """;

    /** Resolved alerts whose reopen window has passed. */
    static final String RESOLVED_BEFORE = """
            SELECT id FROM alert WHERE status = 'RESOLVED' AND resolved_at < :before ORDER BY resolved_at, id
            """;

    static final String ERASE_EMAILS = """
            UPDATE report SET contact_email = NULL, contact_erased_at = now()
            WHERE contact_email IS NOT NULL AND alert_id IN (""" + FINAL_ALERTS + ")";

    static final String FORGET_PUSH_TOKENS = """
            DELETE FROM push_device WHERE report_id IN (
                SELECT r.id FROM report r WHERE r.alert_id IN (""" + FINAL_ALERTS + "))";

    /**
     * A report's free text and what places it at a door: the description and its public version,
     * the house-number address, the exact point (snapped to the public grid, so maps and quartier
     * statistics keep working).
     */
    static final String ERASE_REPORT_TEXTS = """
            UPDATE report SET description = NULL, public_description = NULL, description_published_at = NULL,
                              address = NULL, accuracy_m = NULL,
                              position = ST_SnapToGrid(position, """ + AlertSql.PUBLIC_GRID_DEG + """
            ),
                              text_purged_at = now()
            WHERE text_purged_at IS NULL AND alert_id IN (""" + FINAL_ALERTS + ")";

    /** Final alerts whose timeline still holds a note (staff notes, field notes, messages to reporters). */
    static final String ALERTS_WITH_NOTES = "SELECT f.id FROM (" + FINAL_ALERTS + """
            ) f WHERE EXISTS (SELECT 1 FROM alert_event e WHERE e.alert_id = f.id AND e.note IS NOT NULL)
            """;

    /** The photos' rows go; their files (the original and, once made, its public version) are deleted once this commits. */
    static final String DELETE_PHOTOS = """
            DELETE FROM photo WHERE alert_id IN (""" + FINAL_ALERTS + ") RETURNING storage_key, public_storage_key";

    /** Tablet events older than {@code :days} days, but for OVERDUE rows of jobs still overdue at that deadline. */
    static final String DELETE_FIELD_EVENTS = """
            DELETE FROM field_event e
            WHERE e.created_at < now() - make_interval(days => :days)
              AND NOT (e.kind = 'OVERDUE' AND EXISTS (
                  SELECT 1 FROM alert a WHERE a.id = e.alert_id AND a.team_id = e.team_id
                    AND a.status IN ('ASSIGNED', 'IN_PROGRESS') AND a.due_at = e.due_at))
            """;

    static final String DELETE_FIELD_DEVICES = """
            DELETE FROM field_device WHERE last_seen_at < now() - make_interval(days => :days)
            """;
}
