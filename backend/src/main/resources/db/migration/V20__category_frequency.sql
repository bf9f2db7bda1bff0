-- The citizen app lists a commune's most reported categories first (catalog/CategoryFrequency):
-- one count per category over the commune's last 12 months of reports, read from this index alone.
CREATE INDEX report_insee_received_idx ON report (insee_code, received_at) INCLUDE (category_id);
