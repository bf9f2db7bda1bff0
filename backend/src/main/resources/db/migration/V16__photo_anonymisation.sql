-- Issue #14: photos are anonymised (faces and plates blurred) before anyone outside the staff sees them.
-- The original stays at storage_key (staff only); the blurred public version is a second stored photo.
ALTER TABLE photo
    ADD COLUMN public_storage_key text,
    -- Regions blurred in the public version, in the stored photo's pixels: [{x, y, w, h, source}],
    -- source face | plate (detected) | staff (added by hand). Null until the first analysis.
    ADD COLUMN blur_boxes jsonb,
    ADD COLUMN anonymised_at timestamptz;

-- Work to do, in the database so that a crash loses nothing: a row per photo waiting for its public
-- version, taken by photo/PhotoAnonymisation with FOR UPDATE SKIP LOCKED (several processes share it).
-- manual: staff set the boxes; blur them as they are, without detection.
CREATE TABLE photo_anonymisation (
    photo_id  bigint PRIMARY KEY REFERENCES photo (id) ON DELETE CASCADE,
    queued_at timestamptz NOT NULL DEFAULT now(),
    manual    boolean NOT NULL DEFAULT false,
    attempts  int NOT NULL DEFAULT 0
);

-- Every photo, whatever wrote it (citizen intake, Open311, an agent's after-photo, a future path),
-- is queued in the transaction that records it: none can reach the public views unanalysed.
CREATE FUNCTION photo_queue_anonymisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO photo_anonymisation (photo_id) VALUES (NEW.id);
    RETURN NEW;
END $$;
CREATE TRIGGER photo_anonymisation_queued AFTER INSERT ON photo
    FOR EACH ROW EXECUTE FUNCTION photo_queue_anonymisation();

-- Photos taken before this version get their public version too.
INSERT INTO photo_anonymisation (photo_id) SELECT id FROM photo;
