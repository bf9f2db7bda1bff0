-- Issue #11, privacy: what the public may see is what staff published; the rest is purged on schedule.

-- Photos are addressed in URLs by a random key: sequential ids let anyone walk through every photo.
-- The numeric id stays the internal reference (foreign keys, timeline data).
ALTER TABLE photo ADD COLUMN public_key uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE photo ADD CONSTRAINT photo_public_key_key UNIQUE (public_key);
-- Set by staff moderation; until then a photo is seen by staff and, for a citizen's photo, by its reporter.
ALTER TABLE photo ADD COLUMN published_at timestamptz;

-- The public version of a report's text (FixMyStreet's moderation model): NULL keeps it staff-only;
-- staff publish it as typed or an edited version, the original staying staff-only in description.
ALTER TABLE report ADD COLUMN public_description text;
ALTER TABLE report ADD COLUMN description_published_at timestamptz;
-- When retention erased the report's free text (description and its public version).
ALTER TABLE report ADD COLUMN text_purged_at timestamptz;

-- The retention jobs look for final alerts by the date they became final.
CREATE INDEX alert_closed_at_idx ON alert (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX alert_resolved_idx ON alert (resolved_at) WHERE status = 'RESOLVED';
