-- One deployment, many communes (issue #12). A territory is a loaded pack (geo-data/<pack>/):
-- one commune, or an intercommunality (EPCI) and its member communes. Every reference row says
-- which territory brought it, so a pack reloads its own rows and nothing else.
CREATE TABLE territory (
    code          text PRIMARY KEY,          -- the pack's folder name
    kind          text NOT NULL CHECK (kind IN ('COMMUNE', 'EPCI')),
    name          text NOT NULL,
    siren         text,                      -- an EPCI's SIREN: its Open311 jurisdiction_id
    -- Working-hours deadlines skip this calendar's public holidays (Alsace-Moselle adds two days).
    calendar      text NOT NULL DEFAULT 'FR' CHECK (calendar IN ('FR', 'ALSACE_MOSELLE')),
    primary_color text NOT NULL,
    accent_color  text NOT NULL,
    logo_url      text NOT NULL,
    loaded_at     timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE commune
    ADD COLUMN territory     text REFERENCES territory (code),
    ADD COLUMN siren         text,
    -- Optional host name of the commune's own address for the citizen app (branding from the first paint).
    ADD COLUMN host          text UNIQUE,
    ADD COLUMN primary_color text,
    ADD COLUMN accent_color  text,
    ADD COLUMN logo_url      text,
    -- The town hall, for the communal services of an EPCI pack until they set their own contacts.
    ADD COLUMN contact       jsonb,
    -- The commune's place in its pack's list of members (the first is the one shown by default).
    ADD COLUMN member_rank   integer NOT NULL DEFAULT 0;
-- Several communes now: placing a report looks up the one covering the point.
CREATE INDEX commune_geom_idx ON commune USING gist (geom);

ALTER TABLE quartier ADD COLUMN territory text, ADD COLUMN insee_code text;
ALTER TABLE sector ADD COLUMN territory text, ADD COLUMN insee_code text;
ALTER TABLE address ADD COLUMN territory text;
CREATE INDEX address_territory_idx ON address (territory);

ALTER TABLE service
    ADD COLUMN territory     text,
    -- Staff-only: the name the service has in the commune's own organisation chart or contracts.
    ADD COLUMN internal_name text,
    -- A communal service of an EPCI pack serves this one commune; NULL: the whole territory.
    ADD COLUMN insee_code    text;

ALTER TABLE category
    ADD COLUMN territory      text,
    -- Staff-only: the category's wording in the source taxonomy (e.g. DansMaRue's "[] …" markers).
    ADD COLUMN internal_label text,
    -- Who is competent: the commune where the problem is, or the EPCI (category.service_id) for all its communes.
    ADD COLUMN competence     text NOT NULL DEFAULT 'COMMUNE' CHECK (competence IN ('COMMUNE', 'EPCI'));
CREATE INDEX category_territory_idx ON category (territory);

-- The competent service of a communal-competence category, per member commune of an EPCI pack;
-- without a row the category's own service_id is competent.
CREATE TABLE category_service (
    category_id bigint NOT NULL REFERENCES category (id) ON DELETE CASCADE,
    insee_code  text NOT NULL,
    service_id  bigint NOT NULL REFERENCES service (id),
    PRIMARY KEY (category_id, insee_code)
);

-- The commune a report was made in, and the commune of the alert (that of its first report).
ALTER TABLE alert ADD COLUMN insee_code text;
ALTER TABLE report ADD COLUMN insee_code text;
CREATE INDEX alert_insee_idx ON alert (insee_code, status);
-- Installations with one commune: their alerts and reports are that commune's.
UPDATE alert SET insee_code = (SELECT min(insee_code) FROM commune) WHERE (SELECT count(*) FROM commune) = 1;
UPDATE report SET insee_code = (SELECT min(insee_code) FROM commune) WHERE (SELECT count(*) FROM commune) = 1;

-- Staff scoped to communes: without any row an account sees every commune its services serve.
CREATE TABLE staff_commune (
    user_id    bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
    insee_code text NOT NULL,
    PRIMARY KEY (user_id, insee_code)
);

ALTER TABLE audit_log ADD COLUMN insee_code text;
