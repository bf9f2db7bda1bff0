package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.TestSql;
import fr.signalement.geo.Strasbourg;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request posted under a jurisdiction_id (a commune's INSEE code, an EPCI's SIREN) stays within
 * it: a service of its catalogue, a place of its communes; anything else is refused in the
 * specification's form and stores nothing. Paris (loaded at start-up) and the Eurométropole de
 * Strasbourg (loaded here). Paris places: Spots 39.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311JurisdictionsTest {
    static final String BASE = "/open311/v2/";
    static final String EMS_POTHOLE = "ems-nid-de-poule";

    @Inject
    Open311Clients clients;

    String apiKey;

    @BeforeEach
    void strasbourgLoaded() {
        Strasbourg.load();
        if (apiKey == null) {
            apiKey = clients.create("Jurisdictions " + System.nanoTime(), null, null, "test").apiKey();
        }
    }

    Response post(String format, String jurisdiction, String service, double[] at) {
        List<Object> p = new ArrayList<>(List.of("api_key", apiKey, "service_code", service, "lat", at[0], "long", at[1],
                "description", "Juridiction " + System.nanoTime()));
        if (jurisdiction != null) {
            p.addAll(List.of("jurisdiction_id", jurisdiction));
        }
        RequestSpecification spec = given().contentType("application/x-www-form-urlencoded; charset=utf-8");
        for (int i = 0; i < p.size(); i += 2) {
            spec = spec.formParam((String) p.get(i), p.get(i + 1));
        }
        return spec.post(BASE + "requests." + format);
    }

    static final double[] PARIS = {Spots.lat(39), Spots.lon(39)};

    static long reports() {
        return TestSql.count("SELECT count(*) FROM report");
    }

    @Test
    void aRequestOutsideItsJurisdictionIsRefused() {
        record Case(String jurisdiction, String service, double[] at, int status, String parameter, String named) {
        }
        long before = reports();
        for (Case c : List.of(
                // A Strasbourg service sent under Paris's INSEE code: not in Paris's catalogue.
                new Case("75056", EMS_POTHOLE, Strasbourg.KLEBER, 400, "service_code", "Paris"),
                // Paris's service under the Eurométropole's SIREN.
                new Case(Strasbourg.EMS_SIREN, Spots.POTHOLE, PARIS, 400, "service_code", Strasbourg.EMS_SIREN),
                // A service of the commune's catalogue, at a place of another commune of the same EPCI.
                new Case(Strasbourg.SCHILTIGHEIM, EMS_POTHOLE, Strasbourg.KLEBER, 400, "lat/long", "Schiltigheim"),
                new Case(Strasbourg.STRASBOURG, EMS_POTHOLE, Strasbourg.SCHILTIGHEIM_CENTRE, 400, "lat/long", "Strasbourg"),
                // Paris's service, placed in Strasbourg.
                new Case("75056", Spots.POTHOLE, Strasbourg.KLEBER, 400, "lat/long", "75056"),
                // The EPCI's service, outside every one of its communes (Kehl, across the Rhine).
                new Case(Strasbourg.EMS_SIREN, EMS_POTHOLE, Strasbourg.KEHL, 400, "lat/long", Strasbourg.EMS_SIREN),
                // A jurisdiction this server does not serve.
                new Case("69123", Spots.POTHOLE, PARIS, 404, "jurisdiction_id", "69123"))) {
            post("json", c.jurisdiction(), c.service(), c.at()).then().statusCode(c.status())
                    .contentType(startsWith("application/json"))
                    .body("[0].code", equalTo(c.status()))
                    .body("[0].description", allOf(containsString(c.parameter()), containsString(c.named())));
            Response x = post("xml", c.jurisdiction(), c.service(), c.at());
            x.then().statusCode(c.status()).contentType(startsWith("text/xml"));
            assertEquals(c.status(), Open311Xml.error(x.asString()), c.toString());
        }
        // As multipart/form-data too.
        given().multiPart("api_key", apiKey).multiPart("service_code", EMS_POTHOLE).multiPart("jurisdiction_id", "75056")
                .multiPart("lat", String.valueOf(Strasbourg.KLEBER[0])).multiPart("long", String.valueOf(Strasbourg.KLEBER[1]))
                .post(BASE + "requests.json").then().statusCode(400).body("[0].description", containsString("service_code"));
        assertEquals(before, reports(), "no refused request left a report");
    }

    @Test
    void aRequestWithinItsJurisdictionIsTakenIn() {
        long before = reports();
        post("json", Strasbourg.SCHILTIGHEIM, EMS_POTHOLE, Strasbourg.SCHILTIGHEIM_CENTRE).then().statusCode(200);
        post("xml", Strasbourg.EMS_SIREN, EMS_POTHOLE, Strasbourg.KLEBER).then().statusCode(200);
        post("json", "75056", Spots.POTHOLE, PARIS).then().statusCode(200);
        // Without a jurisdiction_id, the whole deployment, as before.
        post("json", null, EMS_POTHOLE, Strasbourg.NEUDORF).then().statusCode(200);
        assertEquals(before + 4, reports());
    }
}
