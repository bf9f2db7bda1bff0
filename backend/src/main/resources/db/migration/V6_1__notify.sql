-- Notifications (issue #3): which new alert was announced to its service's staff, and how, so
-- neither an instant e-mail nor a daily digest is ever sent twice (restarts, several processes).

CREATE TABLE staff_digest (
    id          bigserial PRIMARY KEY,
    service_id  bigint NOT NULL REFERENCES service (id),
    sent_at     timestamptz NOT NULL DEFAULT now(),
    recipient   text NOT NULL,
    alert_count integer NOT NULL CHECK (alert_count > 0)
);
CREATE INDEX staff_digest_service_idx ON staff_digest (service_id, sent_at);

-- One row per alert announced to staff: by an instant e-mail, or in a digest (digest_id).
CREATE TABLE staff_alert_notice (
    alert_id   bigint PRIMARY KEY REFERENCES alert (id),
    service_id bigint NOT NULL REFERENCES service (id),
    mode       text NOT NULL CHECK (mode IN ('INSTANT', 'DIGEST')),
    digest_id  bigint REFERENCES staff_digest (id),
    noticed_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((mode = 'DIGEST') = (digest_id IS NOT NULL))
);

-- Retention: reports whose contact data is still held, by alert (the anonymisation job's scan).
CREATE INDEX report_contact_held_idx ON report (alert_id) WHERE contact_email IS NOT NULL;

-- Push tokens: one browser following several reports registers the same web-push token for each
-- (one row per report); an agent's device belongs to one staff member at a time.
ALTER TABLE push_device DROP CONSTRAINT push_device_pkey;
CREATE UNIQUE INDEX push_device_staff_token_idx ON push_device (token) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX push_device_report_token_idx ON push_device (token, report_id) WHERE report_id IS NOT NULL;
CREATE INDEX push_device_report_idx ON push_device (report_id);
CREATE INDEX push_device_user_idx ON push_device (user_id);
