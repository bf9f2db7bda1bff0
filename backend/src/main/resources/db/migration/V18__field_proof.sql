-- Proof of fix (issue #16): the accuracy of the agent's fix and the fix's own time, next to the
-- position, distance and reason already kept. resolved_device_at stays the time the agent tapped.
ALTER TABLE alert
    ADD COLUMN resolved_accuracy_m double precision,
    ADD COLUMN resolved_fix_at     timestamptz;
