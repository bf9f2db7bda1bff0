-- Mayor's office dashboard (issue #17): the weekly trend grouped 100,000 alerts by
-- date_trunc('week', first_report_at AT TIME ZONE 'Europe/Paris'), converting every alert's time to
-- the commune's zone at each query (about a third of the 12-month trend's time in bench/console).
-- The week is now stored with the alert, by the very same expression (stats.Dimension.WEEK), so the
-- weeks are the same; 'Europe/Paris' is common.Time.ZONE.

ALTER TABLE alert
    ADD COLUMN first_report_week timestamp GENERATED ALWAYS AS
        (date_trunc('week', first_report_at AT TIME ZONE 'Europe/Paris')) STORED;

-- The cohort index covers it, so a short period's trend is still read from the index alone.
DROP INDEX IF EXISTS alert_stats_cohort_idx;
CREATE INDEX alert_stats_cohort_idx ON alert (first_report_at)
    INCLUDE (category_id, service_id, quartier_code, channel, insee_code, status, qualified_at, assigned_at,
             resolved_at, due_at, merged_into_id, reopened_count, qualify_h, assign_h, resolve_h, first_report_week);
