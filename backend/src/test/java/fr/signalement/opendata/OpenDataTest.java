package fr.signalement.opendata;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.alert.AlertSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The anonymised export: DansMaRue's columns, the steps' dates, nothing personal. Spots 157–159. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class OpenDataTest {
    @Inject
    OpenData openData;

    @Test
    void alertsAreExportedAnonymisedAsCsvAndGeoJson() throws Exception {
        Response ack = given().contentType(ContentType.JSON).body(Map.of("categoryCode", Spots.POTHOLE,
                "lat", Spots.lat(157), "lon", Spots.lon(157), "description", "Devant chez Mme Dupont, au 12",
                "contactEmail", "dupont@example.org")).post("/api/v1/reports");
        ack.then().statusCode(201);
        long alertId = ((Number) ack.path("alertId")).longValue();
        Staff.create("DISPATCHER", null).as().body(Map.of("to", "QUALIFIED", "note", "Appelé Mme Dupont"))
                .post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);
        String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();

        Response csv = given().get("/api/v1/open-data/alertes.csv");
        csv.then().statusCode(200).contentType(startsWith("text/csv"))
                .header("Link", containsString("rel=\"license\""));
        String body = csv.asString();
        String[] lines = body.split("\r\n");
        assertEquals(String.join(",", OpenData.COLUMNS), lines[0]);
        assertTrue(lines[0].startsWith("numero,type,soustype,adresse,code_postal,ville,code_insee,conseilquartier,datedecl"));
        String line = Arrays.stream(lines).filter(l -> l.startsWith(alertId + ",")).findFirst().orElseThrow();
        for (String secret : List.of("Dupont", "dupont@", "Appelé")) {
            assertFalse(body.contains(secret), secret + " leaked");
        }
        assertTrue(line.contains(",QUALIFIED," + today + ",,,,1,"), line);
        assertTrue(line.contains("," + today + "," + today.substring(0, 4) + ","), line);

        Response geo = given().get("/api/v1/open-data/alertes.geojson");
        geo.then().statusCode(200).contentType(startsWith("application/geo+json"));
        JsonPath g = geo.jsonPath();
        assertEquals("FeatureCollection", g.getString("type"));
        assertTrue(g.getString("licence").contains("Licence"));
        Map<String, Object> feature = g.getMap("features.find { it.properties.numero == " + alertId + " }");
        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) feature.get("properties");
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) ((Map<String, Object>) feature.get("geometry")).get("coordinates");
        assertEquals(List.copyOf(OpenData.COLUMNS), List.copyOf(props.keySet()));
        assertEquals("QUALIFIED", props.get("statut"));
        assertEquals(today, props.get("date_prise_en_compte"));
        assertEquals(null, props.get("photo"));
        // Snapped to the public grid: a cell, never the reporter's point.
        // (JsonPath reads numbers as floats: compared to a millionth of a degree.)
        assertEquals(xy.get(1).doubleValue(), Math.round(xy.get(1).doubleValue() / AlertSql.PUBLIC_GRID_DEG)
                * AlertSql.PUBLIC_GRID_DEG, 1e-6);
        assertEquals(xy.get(0).doubleValue(), Math.round(xy.get(0).doubleValue() / AlertSql.PUBLIC_GRID_DEG)
                * AlertSql.PUBLIC_GRID_DEG, 1e-6);
        assertEquals(Spots.lat(157), xy.get(1).doubleValue(), AlertSql.PUBLIC_GRID_DEG);
        String address = (String) props.get("adresse");
        assertFalse(Character.isDigit(address.charAt(0)), "no house number: " + address);
        assertTrue(address.endsWith(" PARIS"), address);

        // The daily files: the same export, written whole.
        Path dir = Files.createTempDirectory("open-data-");
        List<Path> files = openData.writeFiles(dir);
        assertEquals(2, files.size());
        assertTrue(Files.readString(files.get(0)).lines().anyMatch(l -> l.startsWith(alertId + ",")));
        assertTrue(Files.readString(files.get(1)).contains("\"numero\":" + alertId + ","));
        for (Path f : files) {
            Files.delete(f);
        }
        Files.delete(dir);
    }
}
