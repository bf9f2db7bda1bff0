-- An alert is one problem at one place; reports are what citizens sent about it.
CREATE TABLE alert (
    id              bigserial PRIMARY KEY,
    category_id     bigint NOT NULL REFERENCES category (id),
    service_id      bigint NOT NULL REFERENCES service (id),
    status          text NOT NULL DEFAULT 'NEW'
        CHECK (status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED', 'FORWARDED')),
    -- Mean position of the alert's reports, so it stays central as reports arrive.
    position        geometry(Point, 4326) NOT NULL,
    quartier_code   text,
    sector_code     text,
    address         text,
    report_count    integer NOT NULL DEFAULT 0,
    first_report_at timestamptz NOT NULL,
    last_report_at  timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Bumped by staff changes (status, assignment), not by citizens' reports: field clients use it
    -- to detect that the dispatcher changed the alert while they were offline.
    version         bigint NOT NULL DEFAULT 0
);
-- Deduplication and "already reported here" only look at open alerts, in true metres.
CREATE INDEX alert_open_position_idx ON alert USING gist (geography(position))
    WHERE status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS');
CREATE INDEX alert_status_due_idx ON alert (status, due_at);
CREATE INDEX alert_category_idx ON alert (category_id);

CREATE SEQUENCE report_tracking_seq;

CREATE TABLE report (
    id              bigserial PRIMARY KEY,
    tracking_number text NOT NULL UNIQUE,
    alert_id        bigint NOT NULL REFERENCES alert (id),
    category_id     bigint NOT NULL REFERENCES category (id),
    position        geometry(Point, 4326) NOT NULL,
    accuracy_m      double precision,
    description     text,
    contact_email   text,
    channel         text NOT NULL CHECK (channel IN ('pwa', 'phone', 'counter', 'email', 'mail', 'open311')),
    received_at     timestamptz NOT NULL,
    due_at          timestamptz NOT NULL,
    quartier_code   text,
    address         text,
    -- "Me too" reports were added to a chosen alert rather than matched by position.
    support         boolean NOT NULL DEFAULT false,
    idempotency_key uuid UNIQUE
);
CREATE INDEX report_alert_idx ON report (alert_id);
CREATE INDEX report_received_idx ON report (received_at);

CREATE TABLE photo (
    id          bigserial PRIMARY KEY,
    report_id   bigint REFERENCES report (id),
    alert_id    bigint NOT NULL REFERENCES alert (id),
    kind        text NOT NULL CHECK (kind IN ('REPORT', 'AFTER')),
    storage_key text NOT NULL UNIQUE,
    width       integer NOT NULL,
    height      integer NOT NULL,
    bytes       integer NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photo_alert_idx ON photo (alert_id);
CREATE INDEX photo_report_idx ON photo (report_id);

-- The dated timeline of an alert: response times are computed from it.
CREATE TABLE alert_event (
    id          bigserial PRIMARY KEY,
    alert_id    bigint NOT NULL REFERENCES alert (id),
    at          timestamptz NOT NULL DEFAULT now(),
    type        text NOT NULL,
    actor       text NOT NULL,
    from_status text,
    to_status   text,
    note        text,
    report_id   bigint REFERENCES report (id)
);
CREATE INDEX alert_event_alert_idx ON alert_event (alert_id, at);

-- Server-side secrets generated once per installation (shared by every backend process).
CREATE TABLE app_secret (
    name  text PRIMARY KEY,
    value text NOT NULL
);
