-- Staff, teams, the alert lifecycle's bookkeeping, audit and notifications' addresses.

CREATE TABLE team (
    id         bigserial PRIMARY KEY,
    service_id bigint NOT NULL REFERENCES service (id),
    name       text NOT NULL,
    UNIQUE (service_id, name)
);

-- Which team of a service covers which sector (routing: category -> service, position -> sector -> team).
CREATE TABLE team_sector (
    team_id     bigint NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    sector_code text NOT NULL,
    PRIMARY KEY (team_id, sector_code)
);
CREATE INDEX team_sector_sector_idx ON team_sector (sector_code);

CREATE TABLE staff_user (
    id              bigserial PRIMARY KEY,
    username        text NOT NULL UNIQUE,
    display_name    text NOT NULL,
    email           text,
    password_hash   text,
    roles           text[] NOT NULL,
    team_id         bigint REFERENCES team (id),
    active          boolean NOT NULL DEFAULT true,
    failed_logins   integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    last_failure_at timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The services a dispatcher triages for.
CREATE TABLE staff_service (
    user_id    bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    service_id bigint NOT NULL REFERENCES service (id),
    PRIMARY KEY (user_id, service_id)
);

CREATE TABLE refresh_token (
    token_hash text PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    issued_at  timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Push tokens: agents' devices (user_id) and citizens' browsers (report_id).
CREATE TABLE push_device (
    token      text PRIMARY KEY,
    platform   text NOT NULL CHECK (platform IN ('android', 'web')),
    user_id    bigint REFERENCES staff_user (id) ON DELETE CASCADE,
    report_id  bigint REFERENCES report (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((user_id IS NULL) <> (report_id IS NULL))
);

-- Opening hours of a service, for deadlines counted in working hours (ISO day 1 = Monday).
CREATE TABLE service_hours (
    service_id bigint NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    iso_day    smallint NOT NULL CHECK (iso_day BETWEEN 1 AND 7),
    opens_at   time NOT NULL,
    closes_at  time NOT NULL CHECK (closes_at > opens_at),
    PRIMARY KEY (service_id, iso_day, opens_at)
);

ALTER TABLE service
    ADD COLUMN deadline_mode text NOT NULL DEFAULT 'CALENDAR' CHECK (deadline_mode IN ('CALENDAR', 'WORKING')),
    -- Staff e-mails about new alerts: one per alert, or one digest a day (alert overload).
    ADD COLUMN staff_email_mode text NOT NULL DEFAULT 'INSTANT' CHECK (staff_email_mode IN ('INSTANT', 'DIGEST'));

ALTER TABLE category
    ADD COLUMN description text;

ALTER TABLE alert
    ADD COLUMN channel          text,
    ADD COLUMN team_id          bigint REFERENCES team (id),
    ADD COLUMN agent_id         bigint REFERENCES staff_user (id),
    -- First time the alert reached each step: response times are read from these (and the timeline).
    ADD COLUMN qualified_at     timestamptz,
    ADD COLUMN assigned_at      timestamptz,
    ADD COLUMN resolved_at      timestamptz,
    ADD COLUMN closed_at        timestamptz,
    ADD COLUMN reject_reason    text CHECK (reject_reason IN ('NOT_COMPETENT', 'NOT_A_PROBLEM', 'DUPLICATE', 'CANNOT_ACT')),
    ADD COLUMN forwarded_to     text,
    ADD COLUMN merged_into_id   bigint REFERENCES alert (id),
    ADD COLUMN reopened_count   integer NOT NULL DEFAULT 0,
    ADD COLUMN last_reopened_at timestamptz,
    -- Proof of the fix recorded by the agent's device.
    ADD COLUMN resolved_lat     double precision,
    ADD COLUMN resolved_lon     double precision,
    ADD COLUMN resolved_device_at timestamptz,
    ADD COLUMN resolved_distance_m double precision,
    ADD COLUMN resolved_distance_reason text,
    ADD COLUMN minutes_spent    integer NOT NULL DEFAULT 0;

UPDATE alert a SET channel = r.channel
FROM report r
WHERE r.alert_id = a.id AND r.id = (SELECT min(id) FROM report WHERE alert_id = a.id);

CREATE INDEX alert_team_idx ON alert (team_id, status);
CREATE INDEX alert_first_report_idx ON alert (first_report_at);

ALTER TABLE alert_event
    ADD COLUMN actor_id bigint REFERENCES staff_user (id),
    ADD COLUMN reason   text,
    -- Field clients' offline actions carry their own id, so a replay is recognised.
    ADD COLUMN client_action_id uuid UNIQUE,
    ADD COLUMN data     jsonb;

-- Every staff action and every read of a reporter's personal data. Append-only: no API edits it.
CREATE TABLE audit_log (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL DEFAULT now(),
    actor_id  bigint,
    actor     text NOT NULL,
    action    text NOT NULL,
    target    text,
    before    jsonb,
    after     jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;

ALTER TABLE report
    ADD COLUMN contact_erased_at timestamptz;
