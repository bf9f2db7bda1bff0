package fr.signalement.geo;

import fr.signalement.Staff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Eurométropole de Strasbourg pack in the test database, loaded once per test JVM through the
 * ADMIN endpoint as an operator would, and places in it (not Spots: those are in Paris).
 */
public final class Strasbourg {
    private Strasbourg() {
    }

    public static final String STRASBOURG = "67482";
    public static final String SCHILTIGHEIM = "67447";
    public static final String EMS_SIREN = "246700488";

    /** Place Kléber, Grande-Île; and a point in Schiltigheim's centre. */
    public static final double[] KLEBER = {48.58352, 7.74585};
    public static final double[] SCHILTIGHEIM_CENTRE = {48.60560, 7.74960};
    /** Neudorf, a quartier of Strasbourg south of the centre. */
    public static final double[] NEUDORF = {48.57080, 7.76150};
    /** Kehl, across the Rhine in Germany: just outside the Eurométropole. */
    public static final double[] KEHL = {48.57280, 7.81560};

    private static boolean loaded;

    public static synchronized void load() {
        if (!loaded) {
            Staff.Account admin = Staff.create("ADMIN", null);
            admin.as().post("/api/v1/admin/packs/strasbourg").then().statusCode(200);
            loaded = true;
        }
    }

    /** Two points a few metres apart, the first in Strasbourg, the second in Schiltigheim. */
    public record Pair(double[] strasbourg, double[] schiltigheim, double metres) {
    }

    /**
     * Near the point of Strasbourg's boundary closest to Schiltigheim's centre, the closest pair of
     * a small grid of points that fall on either side of the border (found by the commune table itself).
     */
    public static Pair acrossTheBorder(double offsetDeg) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = CDI.current().select(EntityManager.class).get();
            Object[] row = (Object[]) em.createNativeQuery("""
                    WITH p AS (SELECT ST_ClosestPoint(ST_Boundary(s.geom), ST_PointOnSurface(k.geom)) AS p
                               FROM commune s, commune k WHERE s.insee_code = :s AND k.insee_code = :k),
                         grid AS (SELECT ST_SetSRID(ST_MakePoint(ST_X(p) + dx * :o, ST_Y(p) + dy * :o), 4326) AS g
                                  FROM p, generate_series(-2, 2) dx, generate_series(-2, 2) dy),
                         placed AS (SELECT g, (SELECT insee_code FROM commune c WHERE ST_Covers(c.geom, g) LIMIT 1) AS insee FROM grid)
                    SELECT ST_Y(a.g), ST_X(a.g), ST_Y(b.g), ST_X(b.g), ST_Distance(geography(a.g), geography(b.g))
                    FROM placed a, placed b WHERE a.insee = :s AND b.insee = :k
                    ORDER BY ST_Distance(geography(a.g), geography(b.g)) LIMIT 1
                    """).setParameter("s", STRASBOURG).setParameter("k", SCHILTIGHEIM).setParameter("o", offsetDeg)
                    .getSingleResult();
            List<Double> v = java.util.Arrays.stream(row).map(o -> ((Number) o).doubleValue()).toList();
            assertTrue(v.get(4) > 0.5, "two distinct points");
            return new Pair(new double[]{v.get(0), v.get(1)}, new double[]{v.get(2), v.get(3)}, v.get(4));
        });
    }
}
