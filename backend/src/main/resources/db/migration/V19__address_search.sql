-- Address search as a person types (geo/AddressSearch, SQL in geo/AddressSql).

-- A house number on a street: the search's second step and the geocoder's number lookup (both
-- scanned the 158,000 addresses of Paris before).
CREATE INDEX address_street_numero_idx ON address (street, postcode, numero);

-- One row per street and postcode (Paris: 7,600 streets for 158,000 addresses), with a point on it.
-- The search matches the typed words against these names in memory (typos, accents, word
-- prefixes), then looks the number up on the few streets found. Rebuilt by a statement trigger
-- whenever the address base changes (the loader truncates and copies), so no loader has to remember
-- it. A trigram index over the names was measured first: 10–45 ms per keystroke on the shared
-- 2-core machine, against well under a millisecond for the in-memory match (bench/address).
CREATE TABLE address_street (
    street   text NOT NULL,
    postcode text,
    numbers  integer NOT NULL,
    centre   geometry(Point, 4326) NOT NULL
);

CREATE FUNCTION address_street_refresh() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM address_street;
    INSERT INTO address_street (street, postcode, numbers, centre)
    WITH g AS (SELECT street, postcode, count(*) AS n, ST_Centroid(ST_Collect(geom)) AS c
               FROM address GROUP BY street, postcode)
    -- the street's address nearest its centroid, so the centre lies on the street (a curved
    -- street's centroid may not)
    SELECT g.street, g.postcode, g.n, p.geom
    FROM g CROSS JOIN LATERAL (SELECT a.geom FROM address a
                               WHERE a.street = g.street AND a.postcode IS NOT DISTINCT FROM g.postcode
                               ORDER BY a.geom <-> g.c LIMIT 1) p;
END $$;

CREATE FUNCTION address_street_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM address_street_refresh();
    RETURN NULL;
END $$;

CREATE TRIGGER address_street_on_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON address
    FOR EACH STATEMENT EXECUTE FUNCTION address_street_rebuild();

-- Databases whose addresses were loaded before this migration.
SELECT address_street_refresh();
