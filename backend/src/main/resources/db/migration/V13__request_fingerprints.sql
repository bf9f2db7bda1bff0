-- Issue #11: a retry key is only meaningful with the request it was first sent with.

-- SHA-256 (hex) of the canonical report request (fields, actor, target alert, photo digests) that
-- first used the report's Idempotency-Key; a later request with the key and another hash is refused.
-- Reports stored before this column have none: their key can no longer be replayed.
ALTER TABLE report ADD COLUMN request_hash text;

-- One row per field action recorded from an agent's device, with the fingerprint of what it did
-- (alert, agent, type and payload), so a reused clientActionId with another action is refused
-- instead of being answered as a replay. Written by alert/FieldWork.
CREATE TABLE field_action (
    client_action_id uuid PRIMARY KEY,
    alert_id         bigint      NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    agent_id         bigint      NOT NULL,
    fingerprint      text        NOT NULL,
    recorded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_action_alert_idx ON field_action (alert_id);
