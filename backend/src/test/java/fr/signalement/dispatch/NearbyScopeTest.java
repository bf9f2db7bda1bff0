package fr.signalement.dispatch;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.staff.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** A dispatcher scoped to some services sees only their alerts, in the queue and around an alert. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class NearbyScopeTest {

    static int alertOf(String category, double lat, double lon) {
        return given().contentType(ContentType.JSON).body(Map.of("categoryCode", category, "lat", lat, "lon", lon))
                .post("/api/v1/reports").then().statusCode(201).extract().path("alertId");
    }

    static long serviceOf(String category) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) CDI.current().select(EntityManager.class).get()
                .createNativeQuery("SELECT service_id FROM category WHERE code = :c").setParameter("c", category)
                .getSingleResult()).longValue());
    }

    @Test
    void nearbyAlertsOfOtherServicesStayHidden() {
        int spot = 179;
        int pothole = alertOf(Spots.POTHOLE, Spots.lat(spot), Spots.lon(spot));
        int otherPothole = alertOf(Spots.POTHOLE, Spots.latNorth(spot, 80), Spots.lon(spot));
        int bags = alertOf(Spots.BAGS, Spots.latNorth(spot, 40), Spots.lon(spot));
        String username = "road-" + System.nanoTime();
        long id = CDI.current().select(Accounts.class).get().create(new Accounts.NewAccount(username, username, null,
                "password-123", List.of("DISPATCHER"), null, List.of(serviceOf(Spots.POTHOLE)))).id;
        Staff.Account road = Staff.login(id, username, "password-123", null);
        road.as().get("/api/v1/alerts/" + pothole).then().statusCode(200)
                .body("nearby.id", hasItem(otherPothole))
                .body("nearby.id", not(hasItem(bags)));
        // Everyone else still sees both.
        Staff.create("DISPATCHER", null).as().get("/api/v1/alerts/" + pothole).then().statusCode(200)
                .body("nearby.id", hasItem(bags));
    }
}
