-- Staff console dashboard (issue #4): the statistics read a period's alerts by first_report_at and
-- aggregate a handful of columns. Covering indexes let PostgreSQL answer from the index alone
-- (index-only scans) instead of reading the wide alert rows (position, address, proof of fix…).
-- bench/console measures the effect on 100,000 alerts.

-- A period's cohort: response times, weekly trend, reopened, alerts side of deduplication.
CREATE INDEX alert_stats_cohort_idx ON alert (first_report_at)
    INCLUDE (category_id, service_id, quartier_code, channel, status, qualified_at, assigned_at, resolved_at,
             due_at, merged_into_id, reopened_count);

-- Today's backlog: open alerts only.
CREATE INDEX alert_stats_open_idx ON alert (first_report_at)
    INCLUDE (category_id, service_id, quartier_code, channel, due_at, reopened_count)
    WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS');

-- Reports side of deduplication: reports received in the period.
CREATE INDEX report_stats_received_idx ON report (received_at) INCLUDE (alert_id, channel);

-- "Not fixed": reopen events.
CREATE INDEX alert_event_reopened_idx ON alert_event (alert_id, at) WHERE type = 'REOPENED';
