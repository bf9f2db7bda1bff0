-- Services (who fixes) and categories (what citizens report).
CREATE TABLE service (
    id             bigserial PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    name           text NOT NULL,
    email          text NOT NULL,
    phone          text NOT NULL,
    postal_address text NOT NULL
);

CREATE TABLE category (
    id             bigserial PRIMARY KEY,
    code           text NOT NULL UNIQUE,
    label          text NOT NULL,
    group_label    text NOT NULL,
    enabled        boolean NOT NULL DEFAULT true,
    deadline_hours integer NOT NULL CHECK (deadline_hours > 0),
    dedup_radius_m integer NOT NULL DEFAULT 30 CHECK (dedup_radius_m BETWEEN 1 AND 1000),
    service_id     bigint NOT NULL REFERENCES service (id)
);
CREATE INDEX category_group_idx ON category (group_label);
