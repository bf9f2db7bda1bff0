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
     * The commune covering the point (with its territory), the quartier and sector nearest to it
     * within that territory (or the nearest of all, for points on the very edge where open-data
     * polygons and the boundary disagree by a few metres), and the nearest address in true metres
     * within 300 m; a pack without addresses (or a field far from any) names the
     * place by its sector (an IRIS for Strasbourg) instead.
     */
    public static final String LOCATE = """
            WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS p)
            SELECT c.insee_code IS NOT NULL AS inside, c.insee_code, c.name AS commune_name, c.territory,
                   q.code AS quartier_code, q.name AS quartier_name, s.code AS sector_code,
                   CASE WHEN a.d IS NOT NULL THEN trim(concat_ws(' ', a.numero::text, a.rep, a.street))
                        WHEN c.insee_code IS NOT NULL THEN s.name END AS address,
                   a.d AS address_distance
            FROM pt
            LEFT JOIN LATERAL (SELECT insee_code, name, territory FROM commune WHERE ST_Covers(geom, pt.p)
                               ORDER BY insee_code LIMIT 1) c ON true
            LEFT JOIN LATERAL (SELECT code, name FROM quartier
                               WHERE c.territory IS NULL OR territory IS NOT DISTINCT FROM c.territory
                               ORDER BY geom <-> pt.p LIMIT 1) q ON true
            LEFT JOIN LATERAL (SELECT code, name FROM sector
                               WHERE c.territory IS NULL OR territory IS NOT DISTINCT FROM c.territory
                               ORDER BY geom <-> pt.p LIMIT 1) s ON true
            LEFT JOIN LATERAL (
                SELECT * FROM (SELECT numero, rep, street, geography(geom) <-> geography(pt.p) AS d
                               FROM address ORDER BY geography(geom) <-> geography(pt.p) LIMIT 1) n
                WHERE n.d <= 300) a ON true
            """;

    /**
     * A served commune with its territory (the pack that brought it), its branding falling back on
     * the territory's: {@link Communes} adds the WHERE and ORDER BY.
     */
    public static final String COMMUNE = """
            SELECT c.insee_code, c.name, c.siren, c.territory, t.name AS territory_name, t.kind, t.siren AS territory_siren,
                   t.calendar, coalesce(c.primary_color, t.primary_color) AS primary_color,
                   coalesce(c.accent_color, t.accent_color) AS accent_color, coalesce(c.logo_url, t.logo_url) AS logo_url, c.host
            FROM commune c JOIN territory t ON t.code = c.territory
            """;
}
