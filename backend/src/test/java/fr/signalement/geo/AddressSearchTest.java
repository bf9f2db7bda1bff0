package fr.signalement.geo;

import fr.signalement.PostgisDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address search as one types and the address under the pin, over the Base Adresse Nationale of Paris. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class AddressSearchTest {

    static JsonPath search(String q) {
        return given().queryParam("q", q).when().get("/api/v1/geo/addresses")
                .then().statusCode(200).extract().jsonPath();
    }

    static String first(String q) {
        List<String> labels = search(q).getList("label");
        assertTrue(!labels.isEmpty(), "nothing for " + q);
        return labels.get(0);
    }

    @Test
    void findsAnAddressAsItIsTyped() {
        // The last word is a prefix: the address is offered before the street name is finished.
        assertEquals("12 Rue de Rivoli", first("12 rue de riv"));
        JsonPath full = search("12 rue de rivoli");
        assertEquals("12 Rue de Rivoli", full.getString("[0].label"));
        assertEquals(Boolean.TRUE, full.getBoolean("[0].exactNumber"));
        assertEquals("75004", full.getString("[0].postcode"));
        assertEquals(48.855602, full.getDouble("[0].lat"), 1e-6);
        assertEquals(2.35995, full.getDouble("[0].lon"), 1e-6);
        assertTrue(full.getString("[0].id").startsWith("75104_"));
        // The other arrondissement's "Rue de Rivoli" has no n° 12 there: it is not offered as a 12.
        assertEquals(1, full.getList("findAll { it.street == 'Rue de Rivoli' }").size());
    }

    @Test
    void toleratesTyposAccentsCaseAndAbbreviations() {
        assertEquals("12 Rue de Rivoli", first("12 RUE DE RIVILI"));
        assertEquals("59 Quai de l'Hôtel de Ville", first("59 quai de l hotel de ville"));
        assertEquals("12 Boulevard Saint-Michel", first("12 bd st michel"));
        assertEquals("12 Boulevard Saint-Michel", first("12 boulevard saint-mihcel"));
        assertEquals("1 Avenue du Général Lemonnier", first("1 av du general lemon"));
    }

    @Test
    void withoutNumberOffersStreetsAtAPointOnThem() {
        JsonPath streets = search("rue de vaugira");
        assertEquals("Rue de Vaugirard", streets.getString("[0].label"));
        assertEquals(null, streets.getString("[0].id"));
        assertEquals((Object) null, streets.get("[0].number"));
        double lat = streets.getDouble("[0].lat");
        assertTrue(lat > 48.8 && lat < 48.9, "a point of Paris: " + lat);
        assertTrue(search("rue de").getList("label").size() <= 6, "bounded by the default limit");
        assertEquals(2, given().queryParam("q", "rue").queryParam("limit", 2).get("/api/v1/geo/addresses")
                .then().statusCode(200).extract().jsonPath().getList("label").size());
    }

    @Test
    void tooLittleOrNothingFoundIsAnEmptyList() {
        assertEquals(0, search("ru").getList("label").size());
        assertEquals(0, search("12").getList("label").size());
        assertEquals(0, search("zzzzqqqq wxyv").getList("label").size());
    }

    @Test
    void nearestAddressUnderThePin() {
        given().queryParam("lat", 48.85561).queryParam("lon", 2.35996).get("/api/v1/geo/addresses/nearest")
                .then().statusCode(200)
                .body("address.label", equalTo("12 Rue de Rivoli"))
                .body("address.postcode", equalTo("75004"))
                .body("distanceM", org.hamcrest.Matchers.lessThan(5f));
        // In the Atlantic: no address within reach, said as such.
        given().queryParam("lat", 46.0).queryParam("lon", -5.0).get("/api/v1/geo/addresses/nearest")
                .then().statusCode(200).body("address", nullValue()).body("distanceM", nullValue());
    }

    @Test
    void badInputIsAProblemInFrench() {
        given().get("/api/v1/geo/addresses").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("detail", containsString("obligatoire"));
        given().queryParam("q", "rivoli").queryParam("limit", 0).get("/api/v1/geo/addresses").then().statusCode(400);
        given().queryParam("q", "x".repeat(201)).get("/api/v1/geo/addresses").then().statusCode(400);
        given().queryParam("lat", 91).queryParam("lon", 2).get("/api/v1/geo/addresses/nearest").then().statusCode(400)
                .body("detail", containsString("latitude"));
        given().queryParam("lat", 48.8).get("/api/v1/geo/addresses/nearest").then().statusCode(400);
    }
}
