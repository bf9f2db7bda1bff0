package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The map opens on the team's sector (issue #16): the field settings carry the box of the agent's
 * team's sectors, or of the commune when the team has none. No alerts, so no Spots index is used.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldAreaTest {

    /** Each sector's own extent, measured one sector at a time: {west, south, east, north}. */
    static double[] extentOf(String sector) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] r = (Object[]) CDI.current().select(EntityManager.class).get().createNativeQuery("""
                    SELECT ST_XMin(geom::box2d), ST_YMin(geom::box2d), ST_XMax(geom::box2d), ST_YMax(geom::box2d)
                    FROM sector WHERE code = :c""").setParameter("c", sector).getSingleResult();
            return new double[]{((Number) r[0]).doubleValue(), ((Number) r[1]).doubleValue(),
                    ((Number) r[2]).doubleValue(), ((Number) r[3]).doubleValue()};
        });
    }

    static JsonPath settingsOf(long team) {
        String body = Staff.create("AGENT", team).as().get("/api/v1/field/settings").then().statusCode(200).extract().asString();
        // Doubles, not RestAssured's default floats (~1 m off at Paris' latitude).
        return new JsonPath(body).using(JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static boolean covers(JsonPath s, double lat, double lon) {
        return s.getDouble("sector.west") <= lon && lon <= s.getDouble("sector.east")
                && s.getDouble("sector.south") <= lat && lat <= s.getDouble("sector.north");
    }

    @Test
    void theBoxIsTheTeamsSectors() {
        // Panthéon (5e) and Gobelins (13e): adjacent arrondissements on the left bank.
        long team = Staff.team(Spots.POTHOLE, "Voirie 5-13 " + UUID.randomUUID(), List.of("75105", "75113"));
        JsonPath s = settingsOf(team);
        assertEquals("SECTORS", s.getString("sector.basis"));
        double[] p = extentOf("75105");
        double[] g = extentOf("75113");
        double tol = 1e-5; // ST_Extent's box2d is stored in single precision: within ~1 m
        assertEquals(Math.min(p[0], g[0]), s.getDouble("sector.west"), tol);
        assertEquals(Math.min(p[1], g[1]), s.getDouble("sector.south"), tol);
        assertEquals(Math.max(p[2], g[2]), s.getDouble("sector.east"), tol);
        assertEquals(Math.max(p[3], g[3]), s.getDouble("sector.north"), tol);
        assertTrue(covers(s, 48.8462, 2.3464), "the Panthéon is in the 5th");
        assertTrue(covers(s, 48.8311, 2.3557), "place d'Italie is in the 13th");
        assertTrue(!covers(s, 48.8867, 2.3431), "Montmartre (18th) is not the team's");
        assertTrue(!covers(s, 48.8584, 2.2945), "the Eiffel Tower (7th) is not the team's");
    }

    @Test
    void aTeamWithoutSectorsGetsItsServicesTerritory() {
        long team = Staff.team(Spots.POTHOLE, "Voirie toute la ville " + UUID.randomUUID(), List.of());
        JsonPath s = settingsOf(team);
        // The pothole service serves the whole Paris territory (no insee_code of its own).
        assertEquals("TERRITORY", s.getString("sector.basis"));
        assertTrue(covers(s, 48.8867, 2.3431), "Montmartre");
        assertTrue(s.getDouble("sector.west") < 2.26, "the Bois de Boulogne is Paris: " + s.getDouble("sector.west"));
        assertTrue(s.getDouble("sector.east") > 2.46, "the Bois de Vincennes is Paris: " + s.getDouble("sector.east"));
        assertTrue(s.getDouble("sector.south") > 48.80 && s.getDouble("sector.north") < 48.91, "Paris only");
    }
}
