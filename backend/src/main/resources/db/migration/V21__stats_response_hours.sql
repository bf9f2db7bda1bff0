-- Mayor's office dashboard (issue #17): every statistics query under 150 ms over 100,000 alerts and
-- a 12-month period, with the same figures. EXPLAIN ANALYZE of the response-time and trend queries
-- (bench/console) showed their time in computing, for every alert and for each of the six
-- percentiles separately, the hours from the first report to a step in numeric arithmetic
-- (extract(epoch ...) is numeric). The hours are now stored with the alert, computed by the very
-- same expression (so the figures are the same to the last bit) when a step's time is written.

ALTER TABLE alert
    ADD COLUMN qualify_h float8 GENERATED ALWAYS AS
        (CAST(extract(epoch FROM qualified_at - first_report_at) / 3600.0 AS float8)) STORED,
    ADD COLUMN assign_h float8 GENERATED ALWAYS AS
        (CAST(extract(epoch FROM assigned_at - first_report_at) / 3600.0 AS float8)) STORED,
    ADD COLUMN resolve_h float8 GENERATED ALWAYS AS
        (CAST(extract(epoch FROM resolved_at - first_report_at) / 3600.0 AS float8)) STORED;

-- The cohort index of V8_1 covers the new columns (and the commune, for a town hall's office in an
-- EPCI), so a short period is still read from the index alone.
DROP INDEX IF EXISTS alert_stats_cohort_idx;
CREATE INDEX alert_stats_cohort_idx ON alert (first_report_at)
    INCLUDE (category_id, service_id, quartier_code, channel, insee_code, status, qualified_at, assigned_at,
             resolved_at, due_at, merged_into_id, reopened_count, qualify_h, assign_h, resolve_h);
