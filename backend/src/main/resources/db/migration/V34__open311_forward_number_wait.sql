-- A deferred request (remote_token, no remote_id) is asked for its number only so long
-- (signalement.open311.forward.number-max-wait): counted from here, when the remote answered with
-- the token, and again from a dispatcher's "Renvoyer", so that a new wait starts when they ask.
-- Rows already waiting start counting from when they were sent.
ALTER TABLE open311_forward ADD COLUMN awaiting_number_since timestamptz;
UPDATE open311_forward SET awaiting_number_since = coalesce(sent_at, created_at)
WHERE remote_token IS NOT NULL AND remote_id IS NULL;
