-- Issue #13: scheduled work runs once across backend replicas. Each replica's scheduler fires every
-- job; the one whose INSERT claims the (job, slot) row runs it, the others skip. A failed run gives
-- its claim back; a claim whose replica died is taken over after a lease (schedule/OncePerSlot).
CREATE TABLE scheduled_run (
    job         text        NOT NULL,
    slot        timestamptz NOT NULL,
    owner       text        NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    attempts    int         NOT NULL DEFAULT 1,
    PRIMARY KEY (job, slot)
);
