package fr.signalement.report;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.geo.Geography;
import fr.signalement.geo.Place;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** "Me too" counts one more citizen; it never moves the alert, and only staff enter phone or counter reports. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class SupportTest {

    static int openAlert(double lat, double lon) {
        return given().contentType(ContentType.JSON).body(Map.of("categoryCode", Spots.POTHOLE, "lat", lat, "lon", lon))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
    }

    /** The alert's stored position, place and report count. */
    static Tuple alert(long id) {
        return QuarkusTransaction.requiringNew().call(() -> (Tuple) CDI.current().select(EntityManager.class).get()
                .createNativeQuery("""
                        SELECT ST_Y(position) AS lat, ST_X(position) AS lon, address, quartier_code, sector_code, report_count
                        FROM alert WHERE id = :id
                        """, Tuple.class).setParameter("id", id).getSingleResult());
    }

    static double lat(Tuple t) {
        return ((Number) t.get("lat")).doubleValue();
    }

    @Test
    void aMeTooFromFartherThanNearbyLooksIsRefusedAndMovesNothing() {
        int spot = 160;
        int id = openAlert(Spots.lat(spot), Spots.lon(spot));
        Tuple before = alert(id);
        // Three anonymous "me too" 2 km away, inside the commune: refused, the alert stays where it is.
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("lat", Spots.latNorth(spot, 2000), "lon", Spots.lon(spot)))
                    .post("/api/v1/alerts/" + id + "/support").then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("field", equalTo("lat"))
                    .body("detail", containsString("150 m"));
        }
        Tuple after = alert(id);
        assertEquals(lat(before), lat(after), 1e-9);
        assertEquals(1, ((Number) after.get("report_count")).intValue());
    }

    @Test
    void aMeTooNearbyIsCountedButDoesNotMoveTheAlert() {
        int spot = 161;
        int id = openAlert(Spots.lat(spot), Spots.lon(spot));
        Tuple before = alert(id);
        given().contentType(ContentType.JSON).body(Map.of("lat", Spots.latNorth(spot, 25), "lon", Spots.lon(spot)))
                .post("/api/v1/alerts/" + id + "/support").then().statusCode(201)
                .body("reportCount", equalTo(2)).body("joinedExistingAlert", equalTo(true));
        Tuple after = alert(id);
        assertEquals(lat(before), lat(after), 1e-9, "a support is counted, not averaged into the position");
        assertEquals(before.get("address"), after.get("address"));
        assertEquals(Spots.latNorth(spot, 25), lastReportLat(id), 1e-9, "within the merge radius: its own place");
        // Seen from across the street (offered by "already reported here"): counted at the alert's place.
        given().contentType(ContentType.JSON).body(Map.of("lat", Spots.latNorth(spot, 100), "lon", Spots.lon(spot)))
                .post("/api/v1/alerts/" + id + "/support").then().statusCode(201).body("reportCount", equalTo(3));
        assertEquals(lat(before), lastReportLat(id), 1e-9);
        assertEquals(lat(before), lat(alert(id)), 1e-9);
    }

    static double lastReportLat(long alertId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) CDI.current().select(EntityManager.class).get()
                .createNativeQuery("SELECT ST_Y(position) FROM report WHERE alert_id = :id ORDER BY id DESC LIMIT 1")
                .setParameter("id", alertId).getSingleResult()).doubleValue());
    }

    @Test
    void onlyStaffEnterPhoneOrCounterReports() {
        int spot = 162;
        int id = openAlert(Spots.lat(spot), Spots.lon(spot));
        for (String channel : new String[]{"phone", "counter", "email", "mail", "open311"}) {
            given().contentType(ContentType.JSON).body(Map.of("channel", channel))
                    .post("/api/v1/alerts/" + id + "/support").then().statusCode(403)
                    .contentType("application/problem+json").body("field", equalTo("channel"));
            given().contentType(ContentType.JSON)
                    .body(Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(spot), "lon", Spots.lon(spot), "channel", channel))
                    .post("/api/v1/reports").then().statusCode(403)
                    .contentType("application/problem+json").body("field", equalTo("channel"));
        }
        assertEquals(1, ((Number) alert(id).get("report_count")).intValue());
        // A dispatcher taking a call may say so, on a "me too" as on a report.
        Staff.Account dispatcher = Staff.create("DISPATCHER", null);
        dispatcher.as().body(Map.of("channel", "phone")).post("/api/v1/alerts/" + id + "/support")
                .then().statusCode(201).body("reportCount", equalTo(2));
        String channel = QuarkusTransaction.requiringNew().call(() -> (String) CDI.current().select(EntityManager.class).get()
                .createNativeQuery("SELECT channel FROM report WHERE alert_id = :id ORDER BY id DESC LIMIT 1")
                .setParameter("id", id).getSingleResult());
        assertEquals("phone", channel);
        // Open311 reports come only through the Open311 API, whoever calls.
        dispatcher.as().body(Map.of("categoryCode", Spots.POTHOLE, "lat", Spots.lat(spot), "lon", Spots.lon(spot),
                "channel", "open311")).post("/api/v1/reports").then().statusCode(403);
    }

    @Test
    void whenAJoinMovesTheAlertItsAddressQuartierAndSectorFollow() {
        Geography geography = CDI.current().select(Geography.class).get();
        // A spot where the alert's centre, once a second report 28 m north joins, has another nearest address.
        double lat = 0;
        double lon = 0;
        boolean found = false;
        for (int spot = 163; spot < 170 && !found; spot++) {
            for (int step = 0; step < 20 && !found; step++) {
                double la = Spots.latNorth(spot, step * 7.0);
                double lo = Spots.lon(spot);
                double midLat = la + 14 / 111_320.0;
                Place here = QuarkusTransaction.requiringNew().call(() -> geography.locate(la, lo));
                Place mid = QuarkusTransaction.requiringNew().call(() -> geography.locate(midLat, lo));
                if (here.address() != null && mid.address() != null && !here.address().equals(mid.address())) {
                    lat = la;
                    lon = lo;
                    found = true;
                }
            }
        }
        assertEquals(true, found, "test geography has addresses close together");
        int id = openAlert(lat, lon);
        int joined = openAlert(lat + 28 / 111_320.0, lon);
        assertEquals(id, joined, "28 m apart: one pothole");
        Tuple after = alert(id);
        assertNotEquals(lat, lat(after), 1e-7, "a real report nearby moves the centre");
        double cLat = lat(after);
        double cLon = ((Number) after.get("lon")).doubleValue();
        Place centre = QuarkusTransaction.requiringNew().call(() -> geography.locate(cLat, cLon));
        assertEquals(centre.address(), after.get("address"));
        assertEquals(centre.quartierCode(), after.get("quartier_code"));
        assertEquals(centre.sectorCode(), after.get("sector_code"));
    }
}
