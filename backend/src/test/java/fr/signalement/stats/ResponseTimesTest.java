package fr.signalement.stats;

import fr.signalement.PostgisDatabase;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The response-time percentiles are taken in Java ({@link ResponseTimes}); they must be PostgreSQL's
 * {@code percentile_cont} to the last bit, on any number of values, with ties, as the dashboard's
 * figures were before. PostgreSQL itself is the reference.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class ResponseTimesTest {
    @Inject
    AgroalDataSource db;

    @Test
    void percentilesArePostgresqlsToTheLastBit() throws Exception {
        Random random = new Random(17);
        try (Connection c = db.getConnection();
             PreparedStatement st = c.prepareStatement(
                     "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v), percentile_cont(0.9) WITHIN GROUP (ORDER BY v),"
                             + " percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v) FROM unnest(?::float8[]) v")) {
            int compared = 0;
            for (int n : List.of(1, 2, 3, 4, 5, 9, 10, 11, 99, 100, 101, 1000, 4321)) {
                for (int round = 0; round < 4; round++) {
                    double[] hours = new double[n];
                    for (int i = 0; i < n; i++) {
                        // Hours as the alert's generated columns hold them, with ties (whole hours) in some rounds.
                        hours[i] = round % 2 == 0 ? random.nextInt(48) : random.nextDouble() * 500 / 3.0;
                    }
                    st.setArray(1, c.createArrayOf("float8", Arrays.stream(hours).boxed().toArray()));
                    double[] sorted = hours.clone();
                    Arrays.sort(sorted);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        Double[] both = (Double[]) rs.getArray(3).getArray();
                        assertBits(rs.getDouble(1), ResponseTimes.percentile(sorted, 0.5), n);
                        assertBits(rs.getDouble(2), ResponseTimes.percentile(sorted, 0.9), n);
                        assertBits(both[0], ResponseTimes.percentile(sorted, 0.5), n);
                        assertBits(both[1], ResponseTimes.percentile(sorted, 0.9), n);
                        compared += 4;
                    }
                }
            }
            assertEquals(13 * 4 * 4, compared);
        }
        assertNull(ResponseTimes.percentile(new double[0], 0.5), "no values, no percentile (percentile_cont gives NULL)");
    }

    private static void assertBits(double expected, Double actual, int n) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> n + " values: PostgreSQL " + expected + ", Java " + actual);
    }
}
