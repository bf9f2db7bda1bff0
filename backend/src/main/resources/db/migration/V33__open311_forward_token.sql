-- GeoReport v2 deferred creation: a remote may answer POST requests.json with only a token, the
-- service_request_id coming later from GET tokens/{token}.json. The token is kept apart from
-- remote_id, which is only ever the remote's request number (the one staff and reporters read and
-- the status is polled by). A SENT row with a token and no remote_id is waiting for its number.
ALTER TABLE open311_forward ADD COLUMN remote_token text;
-- A sent row is polled by one or the other: without either it could never be read back.
ALTER TABLE open311_forward ADD CONSTRAINT open311_forward_sent_has_a_key
    CHECK (state NOT IN ('SENT', 'DONE') OR remote_id IS NOT NULL OR remote_token IS NOT NULL);
