-- Forwarding to another authority (CRPA L.114-2) over Open311: a service whose reports belong to
-- another organisation carries that organisation's GeoReport v2 endpoint and api key.
ALTER TABLE service
    ADD COLUMN open311_endpoint     text,
    ADD COLUMN open311_api_key      text,
    ADD COLUMN open311_jurisdiction text;

-- One row per forwarded alert: sent from here like the outbox (retried with backoff while the
-- remote is down), then its remote status polled until it is final. Written by open311/Forwarding.
CREATE TABLE open311_forward (
    id             bigserial PRIMARY KEY,
    alert_id       bigint NOT NULL UNIQUE REFERENCES alert (id),
    service_id     bigint NOT NULL REFERENCES service (id),
    state          text NOT NULL CHECK (state IN ('PENDING', 'SENT', 'DONE', 'FAILED')),
    attempts       integer NOT NULL DEFAULT 0,
    next_at        timestamptz NOT NULL DEFAULT now(),
    last_error     text,
    remote_id      text,
    remote_status  text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    polled_at      timestamptz
);
CREATE INDEX open311_forward_due_idx ON open311_forward (next_at) WHERE state IN ('PENDING', 'SENT');
