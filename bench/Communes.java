import fr.signalement.common.NamedSql;
import fr.signalement.geo.GeoSql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Locating a report (commune + quartier + sector + nearest address or named place: the backend's
 * own GeoSql.LOCATE) timed inside PostgreSQL: clock_timestamp() around each execution in a PL/pgSQL
 * loop over random points of a territory, no client or scheduling in between. Run by bench/communes.sh:
 *
 *   java -cp "$PGJAR:backend/target/classes" bench/Communes.java JDBC_URL TERRITORY POINTS
 *
 * prints one line: territory p50 p90 p99 (ms).
 */
public class Communes {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String territory = args[1];
        int n = Integer.parseInt(args[2]);
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        String locate = NamedSql.inline(GeoSql.LOCATE, Map.of("lon", "ST_X(pts[i])", "lat", "ST_Y(pts[i])"));
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("""
                    CREATE OR REPLACE FUNCTION pg_temp.locate_ms(pts geometry[]) RETURNS float8[] LANGUAGE plpgsql AS $f$
                    DECLARE res float8[] := '{}'; t0 timestamptz;
                    BEGIN FOR i IN 1..array_length(pts, 1) LOOP t0 := clock_timestamp();
                      PERFORM x.* FROM (""" + locate + """
                    ) x;
                      res := res || (extract(epoch FROM clock_timestamp() - t0) * 1000); END LOOP; RETURN res; END $f$
                    """);
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT pg_temp.locate_ms(array_agg((d).geom)) FROM (
                      SELECT ST_Dump(ST_GeneratePoints(ST_Union(geom), ?, 12)) AS d FROM commune WHERE territory = ?) x
                    """)) {
                ps.setInt(1, n);
                ps.setString(2, territory);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    Double[] ms = (Double[]) rs.getArray(1).getArray();
                    // The first executions plan and warm the session: keep the last 90 %.
                    double[] sorted = Arrays.stream(ms).skip(ms.length / 10).mapToDouble(d -> d).sorted().toArray();
                    System.out.printf(Locale.ROOT, "%s %.3f %.3f %.3f%n", territory, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99));
                }
            }
        }
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
