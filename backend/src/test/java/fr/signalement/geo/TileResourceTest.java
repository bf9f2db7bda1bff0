package fr.signalement.geo;

import fr.signalement.PostgisDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.zip.GZIPInputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The base map's vector tiles, served from the Paris pack's MBTiles. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class TileResourceTest {
    // The z14 tile holding the Hôtel de Ville and the rue de Rivoli.
    static final int Z = 14, X = 8299, Y = 5636;

    static byte[] stored(int z, int x, int y) throws Exception {
        Path file = Path.of("../geo-data/paris/tiles.mbtiles");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
            ps.setInt(1, z);
            ps.setInt(2, x);
            ps.setInt(3, (1 << z) - 1 - y);
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    static byte[] gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    @Test
    void servesThePacksTileGzippedWithCachingHeaders() throws Exception {
        Response r = given().header("Accept-Encoding", "gzip").get("/tiles/" + Z + "/" + X + "/" + Y);
        r.then().statusCode(200)
                .header("Content-Type", "application/vnd.mapbox-vector-tile")
                .header("Cache-Control", equalTo("public, max-age=86400"));
        // Compressed on the wire by the HTTP layer (RestAssured decodes it): the stored tile's protobuf, byte for byte.
        assertArrayEquals(gunzip(stored(Z, X, Y)), r.asByteArray());
        assertEquals(0x1a, r.asByteArray()[0], "a protobuf tile: its first field is a layer");
        String etag = r.header("ETag");
        given().header("If-None-Match", etag).get("/tiles/" + Z + "/" + X + "/" + Y).then().statusCode(304);
    }

    @Test
    void nothingOutsideThePackAndBadNumbersAreRefused() {
        // Tokyo: valid numbering, no tile in a Paris pack.
        given().get("/tiles/14/14552/6451").then().statusCode(204);
        given().get("/tiles/23/0/0").then().statusCode(400).contentType(containsString("application/problem+json"));
        given().get("/tiles/2/4/0").then().statusCode(400).body("detail", containsString("entre 0 et 3"));
        given().get("/tiles/2/0/-1").then().statusCode(400);
        given().get("/tiles/a/0/0").then().statusCode(400);
    }

    @Test
    void configTellsTheAppsToDrawOurTilesWithAttribution() {
        given().get("/api/v1/config").then().statusCode(200)
                .body("basemap.kind", equalTo("vector"))
                .body("basemap.url", equalTo("/tiles/{z}/{x}/{y}"))
                .body("basemap.maxZoom", equalTo(14))
                .body("basemap.attribution", containsString("OpenStreetMap"))
                .body("basemap.attribution", containsString("OpenMapTiles"));
        assertEquals(14, Z);
    }
}
