package fr.signalement.geo;

/**
 * The geography's hot query, as text: run by {@link Geography#locate} for every report, and timed
 * as it is by the benchmark ({@code bench/Bench.java} reads this constant). Plain strings only:
 * this class must load without the rest of the backend.
 */
public final class GeoSql {
    private GeoSql() {
    }

    /**
     * The quartier and sector containing the point (or the nearest, for points on the very edge
     * where open-data polygons and the OSM boundary disagree by a few metres) and the nearest
     * address in true metres.
     */
    public static final String LOCATE = """
            WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS p)
            SELECT coalesce((SELECT bool_or(ST_Covers(c.geom, pt.p)) FROM commune c), false) AS inside,
                   q.code AS quartier_code, q.name AS quartier_name, s.code AS sector_code,
                   trim(concat_ws(' ', a.numero::text, a.rep, a.street)) AS address, a.d AS address_distance
            FROM pt
            LEFT JOIN LATERAL (SELECT code, name FROM quartier ORDER BY geom <-> pt.p LIMIT 1) q ON true
            LEFT JOIN LATERAL (SELECT code FROM sector ORDER BY geom <-> pt.p LIMIT 1) s ON true
            LEFT JOIN LATERAL (
                SELECT numero, rep, street, geography(geom) <-> geography(pt.p) AS d
                FROM address ORDER BY geography(geom) <-> geography(pt.p) LIMIT 1) a ON true
            """;
}
