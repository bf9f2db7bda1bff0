-- Flyway callback, run before every validation (so before migrating at start-up).
-- Issue #12 moved the catalogue out of V3__seed_catalog.sql into the commune packs and left V3 as a
-- comment. Installations that applied the former V3 have its checksum: this rewrites that one known
-- checksum (and only it) to the new file's, so Flyway starts instead of refusing a changed
-- migration. Any other change to an applied migration is still refused. A fresh database has no
-- history table yet: nothing to do.
DO $$
BEGIN
    IF to_regclass('flyway_schema_history') IS NOT NULL THEN
        UPDATE flyway_schema_history SET checksum = 654859732
        WHERE version = '3' AND checksum = 1531717712;
    END IF;
END
$$;
