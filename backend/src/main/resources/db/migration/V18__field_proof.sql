-- Proof of fix (issue #16): the accuracy of the agent's fix and the fix's own time, next to the
-- position, distance and reason already kept. resolved_device_at stays the time the agent tapped.
ALTER TABLE alert
    ADD COLUMN resolved_accuracy_m double precision,
    ADD COLUMN resolved_fix_at     timestamptz;

-- "New problem here": a report an agent enters on the round (issue #16), a staff channel.
ALTER TABLE report DROP CONSTRAINT report_channel_check;
ALTER TABLE report ADD CONSTRAINT report_channel_check
    CHECK (channel IN ('pwa', 'phone', 'counter', 'email', 'mail', 'open311', 'field'));
