package fr.signalement.admin;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class CatalogAdminTest {

    @Test
    void anAdministratorTunesCategoriesServicesAndTeamsAndEveryChangeIsAudited() {
        Staff.Account admin = Staff.create("ADMIN", null);
        Staff.Account dispatcher = Staff.create("DISPATCHER", null);
        String code = Spots.SHUTTER_GRAFFITI;
        admin.as().body(Map.of("deadlineHours", 72, "dedupRadiusM", 12)).put("/api/v1/admin/categories/" + code)
                .then().statusCode(200).body("deadlineHours", equalTo(72)).body("dedupRadiusM", equalTo(12));
        // The new promise applies to the next report.
        var ack = given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", code, "lat", Spots.lat(100), "lon", Spots.lon(100))).post("/api/v1/reports");
        ack.then().statusCode(201);
        assertEquals(Duration.ofHours(72), Duration.between(Instant.parse(ack.path("receivedAt")), Instant.parse(ack.path("dueAt"))));
        // Closing a category takes it off the citizens' list and refuses new reports.
        admin.as().body(Map.of("enabled", false)).put("/api/v1/admin/categories/" + code).then().statusCode(200);
        given().get("/api/v1/categories").then().body("categories.flatten().code", not(hasItem(code)));
        given().contentType(ContentType.JSON).body(Map.of("categoryCode", code, "lat", Spots.lat(100), "lon", Spots.lon(100)))
                .post("/api/v1/reports").then().statusCode(422);
        admin.as().body(Map.of("enabled", true)).put("/api/v1/admin/categories/" + code).then().statusCode(200);

        admin.as().body(Map.of("dedupRadiusM", 5000)).put("/api/v1/admin/categories/" + code).then().statusCode(400)
                .body("field", equalTo("dedupRadiusM"));
        admin.as().body(Map.of("enabled", false)).put("/api/v1/admin/categories/nope").then().statusCode(404);
        dispatcher.as().body(Map.of("enabled", false)).put("/api/v1/admin/categories/" + code).then().statusCode(403);

        int serviceId = admin.as().get("/api/v1/services").then().extract().path("find { it.code == 'dvd' }.id");
        admin.as().body(Map.of("phone", "01 42 76 40 40", "deadlineMode", "WORKING", "staffEmailMode", "DIGEST"))
                .put("/api/v1/admin/services/" + serviceId).then().statusCode(200)
                .body("phone", equalTo("01 42 76 40 40")).body("deadlineMode", equalTo("WORKING"));
        admin.as().body(Map.of("deadlineMode", "SOMETIMES")).put("/api/v1/admin/services/" + serviceId).then().statusCode(400);

        admin.as().body(Map.of("serviceId", serviceId, "name", "Voirie Nord", "sectors", List.of("75117", "75118")))
                .post("/api/v1/admin/teams").then().statusCode(201).body("sectors.size()", equalTo(2));
        admin.as().body(Map.of("serviceId", serviceId, "name", "Voirie Nord")).post("/api/v1/admin/teams").then().statusCode(409);
        admin.as().body(Map.of("serviceId", serviceId, "name", "Voirie Lune", "sectors", List.of("99999")))
                .post("/api/v1/admin/teams").then().statusCode(422).body("field", equalTo("sectors"));
        admin.as().get("/api/v1/teams?serviceId=" + serviceId).then().body("name", hasItem("Voirie Nord"));

        admin.as().queryParam("actor", admin.username()).get("/api/v1/audit").then().statusCode(200)
                .body("items.action", hasItem("category.update"))
                .body("items.action", hasItem("service.update"))
                .body("items.action", hasItem("team.create"));
        // Put the road service back as the other tests expect it.
        admin.as().body(Map.of("deadlineMode", "CALENDAR", "staffEmailMode", "INSTANT", "phone", "3975"))
                .put("/api/v1/admin/services/" + serviceId).then().statusCode(200);
        admin.as().body(Map.of("deadlineHours", 240, "dedupRadiusM", 15)).put("/api/v1/admin/categories/" + code).then().statusCode(200);
    }
}
