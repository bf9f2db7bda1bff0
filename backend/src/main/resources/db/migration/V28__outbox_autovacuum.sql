-- The outbox is a queue: every delivery and every retry delay (which moves the rows behind it, see
-- notify/OutboxWorker) leaves dead row versions whose entries in outbox_due_idx the worker's look reads
-- through until VACUUM removes them (measured: ~940 buffers a look during a bench run with autovacuum
-- off, ~40 once they were gone). PostgreSQL's defaults vacuum a table after 20 % of it changed; the
-- outbox is vacuumed after 500 + 2 % of its rows, and analysed as often, so its looks stay cheap.
ALTER TABLE outbox SET (autovacuum_vacuum_threshold = 500, autovacuum_vacuum_scale_factor = 0.02,
                        autovacuum_analyze_threshold = 500, autovacuum_analyze_scale_factor = 0.02);
