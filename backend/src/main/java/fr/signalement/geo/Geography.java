package fr.signalement.geo;

import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

/** Spatial questions about the commune, answered by PostGIS. */
@ApplicationScoped
public class Geography {
    @Inject
    EntityManager em;

    /** Where a point lies: see {@link GeoSql#LOCATE}. */
    public Place locate(double lat, double lon) {
        return Place.of(new Row((Tuple) em.createNativeQuery(GeoSql.LOCATE, Tuple.class)
                .setParameter("lat", lat)
                .setParameter("lon", lon)
                .getSingleResult()));
    }

    public String quartierName(String code) {
        if (code == null) {
            return null;
        }
        var names = em.createNativeQuery("SELECT name FROM quartier WHERE code = :code", String.class)
                .setParameter("code", code).getResultList();
        return names.isEmpty() ? null : (String) names.get(0);
    }

    /** A commune's outline as a GeoJSON Feature, simplified for drawing on a map. */
    public String communeGeoJson(String inseeCode) {
        return (String) em.createNativeQuery("""
                SELECT json_build_object('type', 'Feature',
                    'properties', json_build_object('name', name, 'inseeCode', insee_code, 'territory', territory),
                    'geometry', ST_AsGeoJSON(display_geom, 6)::json)::text
                FROM commune WHERE insee_code = :code
                """).setParameter("code", inseeCode).getResultStream().findFirst().orElse(null);
    }

    /** Every served commune's outline, with its branding: the citizen app switches as the pin crosses a border. */
    public String communesGeoJson() {
        return (String) em.createNativeQuery("""
                SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
                    json_build_object('type', 'Feature',
                        'properties', json_build_object('name', c.name, 'inseeCode', c.insee_code, 'territory', c.territory,
                            'territoryName', t.name, 'primaryColor', coalesce(c.primary_color, t.primary_color),
                            'accentColor', coalesce(c.accent_color, t.accent_color),
                            'logoUrl', coalesce(c.logo_url, t.logo_url)),
                        'geometry', ST_AsGeoJSON(c.display_geom, 6)::json) ORDER BY c.insee_code), '[]'::json))::text
                FROM commune c JOIN territory t ON t.code = c.territory
                """).getSingleResult();
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

    /** The commune's bounding box and a point inside it (its point on surface), for centring a map. */
    public record Extent(double minLon, double minLat, double maxLon, double maxLat, double centerLat, double centerLon) {
    }

    /** The extent of a territory's communes (the one commune, or all an EPCI's); zeros before it is loaded. */
    public Extent territoryExtent(String territory) {
        Row r = new Row((Tuple) em.createNativeQuery("""
                SELECT ST_XMin(e) AS min_lon, ST_YMin(e) AS min_lat, ST_XMax(e) AS max_lon, ST_YMax(e) AS max_lat,
                       ST_Y(c) AS center_lat, ST_X(c) AS center_lon
                FROM (SELECT ST_Extent(display_geom)::geometry AS e,
                             (SELECT ST_PointOnSurface(geom) FROM commune WHERE territory = :t ORDER BY member_rank LIMIT 1) AS c
                      FROM commune WHERE territory = :t) x
                """, Tuple.class).setParameter("t", territory).getSingleResult());
        return new Extent(orZero(r.decimal("min_lon")), orZero(r.decimal("min_lat")), orZero(r.decimal("max_lon")),
                orZero(r.decimal("max_lat")), orZero(r.decimal("center_lat")), orZero(r.decimal("center_lon")));
    }

    private static double orZero(Double d) {
        return d == null ? 0 : d;
    }
}
