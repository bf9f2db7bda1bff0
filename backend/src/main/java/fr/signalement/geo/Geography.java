package fr.signalement.geo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Spatial questions about the commune, answered by PostGIS. */
@ApplicationScoped
public class Geography {
    @Inject
    EntityManager em;

    /**
     * The quartier and sector containing the point (or the nearest, for points on the very edge
     * where open-data polygons and the OSM boundary disagree by a few metres) and the nearest
     * address in true metres.
     */
    public Place locate(double lat, double lon) {
        Object[] row = (Object[]) em.createNativeQuery("""
                WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS p)
                SELECT coalesce((SELECT bool_or(ST_Covers(c.geom, pt.p)) FROM commune c), false),
                       q.code, q.name, s.code,
                       trim(concat_ws(' ', a.numero::text, a.rep, a.street)), a.d
                FROM pt
                LEFT JOIN LATERAL (SELECT code, name FROM quartier ORDER BY geom <-> pt.p LIMIT 1) q ON true
                LEFT JOIN LATERAL (SELECT code FROM sector ORDER BY geom <-> pt.p LIMIT 1) s ON true
                LEFT JOIN LATERAL (
                    SELECT numero, rep, street, geography(geom) <-> geography(pt.p) AS d
                    FROM address ORDER BY geography(geom) <-> geography(pt.p) LIMIT 1) a ON true
                """)
                .setParameter("lat", lat)
                .setParameter("lon", lon)
                .getSingleResult();
        return new Place((Boolean) row[0], (String) row[1], (String) row[2], (String) row[3],
                emptyToNull((String) row[4]), row[5] == null ? null : ((Number) row[5]).doubleValue());
    }

    public String quartierName(String code) {
        if (code == null) {
            return null;
        }
        var names = em.createNativeQuery("SELECT name FROM quartier WHERE code = :code", String.class)
                .setParameter("code", code).getResultList();
        return names.isEmpty() ? null : (String) names.get(0);
    }

    /** The commune outline as a GeoJSON Feature, simplified for drawing on a map. */
    public String communeGeoJson() {
        return (String) em.createNativeQuery("""
                SELECT json_build_object('type', 'Feature',
                    'properties', json_build_object('name', name, 'inseeCode', insee_code),
                    'geometry', ST_AsGeoJSON(display_geom, 6)::json)::text
                FROM commune LIMIT 1
                """).getResultStream().findFirst().orElse(null);
    }

    public String quartiersGeoJson() {
        return (String) em.createNativeQuery("""
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
                    json_build_object('type', 'Feature',
                        'properties', json_build_object('code', code, 'name', name),
                        'geometry', ST_AsGeoJSON(display_geom, 6)::json) ORDER BY code), '[]'::json))::text
                FROM quartier
                """).getSingleResult();
    }

    /** [minLon, minLat, maxLon, maxLat] of the commune, and its point on surface [lat, lon]. */
    public double[] communeExtent() {
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), ST_Y(c), ST_X(c)
                FROM (SELECT ST_Extent(geom)::geometry AS e, ST_PointOnSurface(ST_Union(geom)) AS c FROM commune) x
                """).getSingleResult();
        double[] out = new double[6];
        for (int i = 0; i < 6; i++) {
            out[i] = r[i] == null ? 0 : ((Number) r[i]).doubleValue();
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
