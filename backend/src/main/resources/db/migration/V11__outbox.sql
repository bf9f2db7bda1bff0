-- Issue #11: notifications are written in the transaction of the change that causes them and
-- delivered afterwards by notify/OutboxWorker, with retries, surviving crashes and restarts.

-- A dispatcher's message to the reporters of an alert; its delivery state is read from its outbox rows.
CREATE TABLE alert_message (
    id         bigserial PRIMARY KEY,
    alert_id   bigint NOT NULL REFERENCES alert (id),
    author_id  bigint REFERENCES staff_user (id),
    text       text NOT NULL,
    -- reporters with an address when it was sent (those over their cap get no outbox row)
    recipients integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_message_alert_idx ON alert_message (alert_id, id);

-- One e-mail or push to deliver. The row id is the message's identity for the receiver (Message-ID,
-- FCM data), so a message delivered twice after a crash reads as the same message.
CREATE TABLE outbox (
    id               bigserial PRIMARY KEY,
    channel          text NOT NULL CHECK (channel IN ('EMAIL', 'PUSH')),
    -- what it is, for the log and admins: acknowledgement, status, message, staff-notice, digest, push-citizen, push-agent
    purpose          text NOT NULL,
    -- the address or push token; cleared with the content once the row is sent or skipped, the hash stays
    recipient        text,
    -- sha-256 of the lower-cased recipient: delivery order per recipient and the per-address cap, without the address
    recipient_hash   text NOT NULL,
    -- a reporter's message goes only while the report still holds this address (erased in the meantime: skipped)
    report_id        bigint REFERENCES report (id) ON DELETE SET NULL,
    alert_message_id bigint REFERENCES alert_message (id),
    -- counts toward the per-address cap (mail to citizens' addresses, which anyone can type)
    capped           boolean NOT NULL DEFAULT false,
    subject          text,
    body_text        text,
    body_html        text,
    push             jsonb,
    status           text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    done_at          timestamptz,
    -- what is still to deliver has its content; a final row may have had it cleared
    CHECK (status <> 'PENDING' OR (channel = 'EMAIL' AND subject IS NOT NULL AND recipient IS NOT NULL)
                               OR (channel = 'PUSH' AND push IS NOT NULL AND recipient IS NOT NULL))
);
-- The worker's scan: what is due, oldest first, and the earlier pending row of the same recipient.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX outbox_recipient_pending_idx ON outbox (recipient_hash, id) WHERE status = 'PENDING';
-- The cap's count.
CREATE INDEX outbox_cap_idx ON outbox (recipient_hash, created_at) WHERE capped;
CREATE INDEX outbox_message_idx ON outbox (alert_message_id) WHERE alert_message_id IS NOT NULL;
CREATE INDEX outbox_report_idx ON outbox (report_id) WHERE report_id IS NOT NULL;
-- The purge of old final rows.
CREATE INDEX outbox_done_idx ON outbox (done_at) WHERE status <> 'PENDING';
