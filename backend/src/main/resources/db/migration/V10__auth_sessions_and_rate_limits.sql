-- Issue #11 (auth): refresh-token families and rate-limit buckets shared by every replica.

-- A refresh token belongs to the session (family) its first login opened; each rotation keeps the
-- family. Presenting a token that was already rotated means it leaked: the whole family is revoked
-- (refresh-token reuse detection, OAuth 2.0 Security BCP §4.14). Existing rows become their own family.
ALTER TABLE refresh_token ADD COLUMN family_id uuid;
UPDATE refresh_token SET family_id = gen_random_uuid();
ALTER TABLE refresh_token ALTER COLUMN family_id SET NOT NULL;
-- Why the token stopped being usable: 'rotated' (used once, normal), 'logout', 'reuse' (family revoked).
ALTER TABLE refresh_token ADD COLUMN revoked_reason text
    CHECK (revoked_reason IN ('rotated', 'logout', 'reuse'));
CREATE INDEX refresh_token_family ON refresh_token (family_id);

-- Token buckets for rate limits (limit/RateLimiter): one row per rule and key (a client address, an
-- address+username, or 'global'). Updated in one statement per request, so every replica counts in
-- the same bucket. Rows idle long enough to be full again are deleted by limit/RateLimiter.sweep.
-- UNLOGGED: a bucket is worth nothing after a crash (PostgreSQL empties the table, every client
-- starts with a full bucket), and without WAL a take commits without waiting for the disk. Logged,
-- the two takes of every anonymous request cost two WAL flushes: the "already reported here"
-- search went from about 1 ms to about 20 ms.
CREATE UNLOGGED TABLE rate_bucket (
    bucket     text PRIMARY KEY,
    -- The rule the bucket was last used with, so one statement can refill it and the sweeper can
    -- tell when it is full again.
    capacity   double precision NOT NULL,
    per_second double precision NOT NULL,
    tokens     double precision NOT NULL,
    allowed    boolean NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX rate_bucket_updated ON rate_bucket (updated_at);
