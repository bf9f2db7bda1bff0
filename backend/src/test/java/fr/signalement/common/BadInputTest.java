package fr.signalement.common;

import fr.signalement.PostgisDatabase;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The bad inputs that answered 500 (or a misleading 404) in the issue #11 probe, one by one: each
 * is now a 4xx problem naming the parameter at fault, in French.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class BadInputTest {

    @Test
    void aNumberParameterThatIsNoNumberIsA400NamingIt() {
        given().queryParam("lat", "abc").queryParam("lon", "2.35").get("/api/v1/alerts/nearby")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("lat")).body("detail", containsString("« lat »"));
        given().queryParam("lat", "NaN").queryParam("lon", "2.35").get("/api/v1/alerts/nearby")
                .then().statusCode(400).body("field", equalTo("lat"));
        // A photo is named by its random key: a malformed one names no photo (404, as an unknown one).
        given().get("/api/v1/photos/abc").then().statusCode(404).contentType("application/problem+json");
        Staff.Account admin = Staff.create("ADMIN", null);
        admin.as().queryParam("teamId", "99999999999999999999").get("/api/v1/agents")
                .then().statusCode(400).body("field", equalTo("teamId"));
        admin.as().queryParam("page", "2147483648").get("/api/v1/alerts")
                .then().statusCode(400).body("field", equalTo("page"));
    }

    @Test
    void integersAndDatesAtTheEdgeAreRefusedBeforeTheDatabase() {
        Staff.Account admin = Staff.create("ADMIN", null);
        admin.as().queryParam("minAgeHours", Integer.MAX_VALUE).get("/api/v1/alerts")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("minAgeHours"));
        admin.as().queryParam("minAgeHours", 48).get("/api/v1/alerts").then().statusCode(200);
        admin.as().queryParam("to", "+300000-01-01T00:00:00Z").get("/api/v1/stats/response-times")
                .then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("to")).body("detail", containsString("9999"));
        admin.as().queryParam("from", "0001-01-01").get("/api/v1/stats/trend")
                .then().statusCode(400).body("field", equalTo("from"));
        admin.as().queryParam("from", "+300000-01-01T00:00:00Z").get("/api/v1/audit")
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("from"));
        admin.as().queryParam("from", "2026-01-01T00:00:00Z").get("/api/v1/audit").then().statusCode(200);
        given().queryParam("start_date", "+300000-01-01T00:00:00Z").get("/open311/v2/requests.json")
                .then().statusCode(400).body("[0].code", equalTo(400))
                .body("[0].description", containsString("start_date"));
        given().queryParam("end_date", "-999999999-01-01").get("/open311/v2/requests.json")
                .then().statusCode(400).body("[0].description", containsString("end_date"));
    }

    @Test
    void aBodyThatIsNoJsonIsA400SayingSoInFrench() {
        for (String body : List.of("{\"categoryCode\": ", "catégorie=voirie", "{\"lat\": 48.8,, }")) {
            given().contentType(ContentType.JSON).body(body).post("/api/v1/reports")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", equalTo("Le corps de la requête n'est pas un JSON valide."));
        }
        // A value of the wrong type names its field.
        given().contentType(ContentType.JSON).body("{\"categoryCode\": \"x\", \"lat\": \"nord\", \"lon\": 2.35}")
                .post("/api/v1/reports").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("lat"));
    }

    @Test
    void theQueueWithoutAnyFilterAnswersAnAdministrator() {
        // Without a filter the queue's SQL read "WHERE trueORDER BY": only filtered queues worked.
        Staff.create("ADMIN", null).as().get("/api/v1/alerts").then().statusCode(200);
    }

    @Test
    void anAccountForAnUnknownServiceIsRefusedAndNotCreated() {
        Staff.Account admin = Staff.create("ADMIN", null);
        admin.as().body(Map.of("username", "ghost-dispatcher", "password", "longenough", "roles", List.of("DISPATCHER"),
                        "serviceIds", List.of(987654321L)))
                .post("/api/v1/admin/users").then().statusCode(422).contentType("application/problem+json")
                .body("field", equalTo("serviceIds")).body("detail", containsString("987654321"));
        admin.as().body(Map.of("username", "ghost-dispatcher", "password", "longenough", "roles", List.of("DISPATCHER"),
                        "serviceIds", Staff.allServices().subList(0, 1)))
                .post("/api/v1/admin/users").then().statusCode(201);
    }

    @Test
    void aBrokenFormOrMultipartBodyIsA400NotA500() {
        given().contentType("application/x-www-form-urlencoded").body("%%%=%zz&&=")
                .post("/open311/v2/requests.json").then().statusCode(400);
        given().contentType("multipart/form-data; boundary=B")
                .body("--B\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\nx".getBytes())
                .post("/open311/v2/requests.json").then().statusCode(400);
        given().contentType("multipart/form-data").body("--B\r\n\r\n".getBytes())
                .post("/api/v1/reports").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void refusalsBySecurityAreProblemsToo() {
        given().get("/api/v1/alerts").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        Staff.create("AGENT", Staff.team("autres-objets-encombrants-abandonnes", "Équipe BadInputTest", List.of()))
                .as().get("/api/v1/alerts").then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer not.a.jwt").get("/api/v1/audit")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
