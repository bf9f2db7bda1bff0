package fr.signalement.field;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * Where a team works, as the agents' app needs it: the box its map opens on and whose tiles it keeps
 * offline (issue #16). The extent of the team's sectors ({@code team_sector}); a team without sectors
 * (every service's default team covers the whole commune, V9) gets its service's commune, or, for a
 * service of the whole territory, the territory's communes; failing all, every commune loaded.
 */
@ApplicationScoped
public class FieldArea {
    @Inject
    EntityManager em;

    /** A WGS 84 box and what it was taken from: SECTORS, COMMUNE, TERRITORY or ALL. */
    public record SectorArea(double west, double south, double east, double north, String basis) {
    }

    /** The team's area, or null when nothing is loaded at all (no commune pack). */
    @Transactional
    public SectorArea of(Long teamId) {
        // One round trip: the first non-empty extent wins; ST_Extent is NULL over no rows.
        Tuple t = (Tuple) em.createNativeQuery("""
                WITH team_service AS (
                    SELECT s.insee_code, s.territory FROM team tm JOIN service s ON s.id = tm.service_id
                    WHERE tm.id = CAST(:team AS bigint)),
                candidates AS (
                    SELECT 1 AS rank, 'SECTORS' AS basis, ST_Extent(sc.geom) AS box
                      FROM team_sector ts JOIN sector sc ON sc.code = ts.sector_code
                     WHERE ts.team_id = CAST(:team AS bigint)
                    UNION ALL
                    SELECT 2, 'COMMUNE', ST_Extent(c.geom) FROM team_service x JOIN commune c ON c.insee_code = x.insee_code
                    UNION ALL
                    SELECT 3, 'TERRITORY', ST_Extent(c.geom) FROM team_service x JOIN commune c ON c.territory = x.territory
                     WHERE x.insee_code IS NULL
                    UNION ALL
                    SELECT 4, 'ALL', ST_Extent(geom) FROM commune)
                SELECT basis, ST_XMin(box) AS west, ST_YMin(box) AS south, ST_XMax(box) AS east, ST_YMax(box) AS north
                  FROM candidates WHERE box IS NOT NULL ORDER BY rank LIMIT 1
                """, Tuple.class).setParameter("team", teamId).getResultStream().findFirst().orElse(null);
        if (t == null) {
            return null;
        }
        return new SectorArea(num(t, "west"), num(t, "south"), num(t, "east"), num(t, "north"), (String) t.get("basis"));
    }

    private static double num(Tuple t, String name) {
        return ((Number) t.get(name)).doubleValue();
    }
}
