-- Open311 GeoReport v2: client applications (api keys) and the token of each request they posted.

-- One row per client application (FixMyStreet instance, civic app…) allowed to post requests.
-- Only a SHA-256 of the key is kept: keys are 256-bit random secrets shown once at creation.
CREATE TABLE open311_client (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL,
    contact_email text,
    key_prefix    text NOT NULL,
    key_hash      text NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL,
    revoked_at    timestamptz,
    revoked_by    text,
    last_used_at  timestamptz
);

-- Requests posted through Open311: which client sent them, and the token GET tokens/{token} resolves.
-- No personal data here: names and phone numbers sent by clients are not stored at all.
CREATE TABLE open311_request (
    report_id  bigint PRIMARY KEY REFERENCES report (id) ON DELETE CASCADE,
    client_id  bigint NOT NULL REFERENCES open311_client (id),
    token      uuid NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- GET requests filters on requested_datetime (report.received_at, already indexed) and service_code.
CREATE INDEX report_category_received_idx ON report (category_id, received_at);
