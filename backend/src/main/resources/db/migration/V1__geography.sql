-- Reference geography of the commune, loaded from geo-data/ at start-up (geo.GeoLoader).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE commune (
    insee_code   text PRIMARY KEY,
    name         text NOT NULL,
    geom         geometry(MultiPolygon, 4326) NOT NULL,
    -- Simplified outline for maps: a few thousand points instead of the OSM relation's detail.
    display_geom geometry(MultiPolygon, 4326) NOT NULL
);

CREATE TABLE quartier (
    code         text PRIMARY KEY,
    name         text NOT NULL,
    geom         geometry(MultiPolygon, 4326) NOT NULL,
    display_geom geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX quartier_geom_idx ON quartier USING gist (geom);

-- Service sectors: the areas teams are responsible for (one per arrondissement for Paris).
CREATE TABLE sector (
    code text PRIMARY KEY,
    name text NOT NULL,
    geom geometry(MultiPolygon, 4326) NOT NULL
);
CREATE INDEX sector_geom_idx ON sector USING gist (geom);

-- Base Adresse Nationale: one row per address point.
CREATE TABLE address (
    id         text PRIMARY KEY,
    numero     integer,
    rep        text,
    street     text NOT NULL,
    postcode   text,
    insee_code text,
    geom       geometry(Point, 4326) NOT NULL
);
-- Nearest-address lookups measure true metres, hence the geography index.
CREATE INDEX address_geog_idx ON address USING gist (geography(geom));

-- What was loaded from which file, so start-up loads each file once (and again when it changes).
CREATE TABLE geo_dataset (
    name        text PRIMARY KEY,
    fingerprint text NOT NULL,
    row_count   integer NOT NULL,
    loaded_at   timestamptz NOT NULL DEFAULT now()
);
