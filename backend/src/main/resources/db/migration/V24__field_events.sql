-- Agents' tablets registered for new-job alerts without Google Play services (issue #16): the app
-- long-polls /api/v1/field/events; this says which tablet, whose and when it was last heard from.
CREATE TABLE field_device (
    device_id     text PRIMARY KEY CHECK (length(device_id) BETWEEN 8 AND 100),
    agent_id      bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    team_id       bigint REFERENCES team (id) ON DELETE SET NULL,
    platform      text,
    app_version   text,
    registered_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_device_agent_idx ON field_device (agent_id);

-- What a team's tablets are told: a job NEW to the team, REASSIGNED to it (or to one of its agents),
-- or OVERDUE. NEW and REASSIGNED rows are written in the assignment's own transaction; OVERDUE rows
-- are derived from the deadlines when a tablet asks (once per alert and deadline). Writers take a
-- per-team advisory lock before drawing the id, so a team's ids are in commit order and the id is a
-- cursor that never skips a row committed late.
CREATE TABLE field_event (
    id         bigserial PRIMARY KEY,
    team_id    bigint NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    alert_id   bigint NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
    agent_id   bigint REFERENCES staff_user (id) ON DELETE SET NULL,
    kind       text NOT NULL CHECK (kind IN ('NEW', 'REASSIGNED', 'OVERDUE')),
    due_at     timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX field_event_team_idx ON field_event (team_id, id);
CREATE UNIQUE INDEX field_event_overdue_once ON field_event (alert_id, team_id, due_at) WHERE kind = 'OVERDUE';

-- Several photos per job, before and after (issue #16): a BEFORE photo is the agent's, staff-only
-- (the citizen's follow-up shows AFTER photos only).
ALTER TABLE photo DROP CONSTRAINT photo_kind_check;
ALTER TABLE photo ADD CONSTRAINT photo_kind_check CHECK (kind IN ('REPORT', 'BEFORE', 'AFTER'));
