package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.staff.Accounts;
import fr.signalement.staff.Role;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ADMIN issues, lists and revokes client applications' api_keys, with real sign-in tokens. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311ClientsTest {
    static final String ADMIN_API = "/api/v1/admin/open311-clients";

    @Inject
    Accounts accounts;
    @Inject
    AgroalDataSource db;

    @BeforeEach
    void users() {
        if (fr.signalement.staff.StaffUser.byUsername("o311-admin").isEmpty()) {
            accounts.create(new Accounts.NewAccount("o311-admin", "Admin Open311", null, "admin-secret-311",
                    List.of(Role.ADMIN), null, null));
            accounts.create(new Accounts.NewAccount("o311-dispatch", "Régulateur Open311", null, "dispatch-secret-311",
                    List.of(Role.DISPATCHER), null, List.of()));
        }
    }

    static String token(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    @Test
    void adminIssuesAKeyThatWorksOnceShownAndCanRevokeIt() throws Exception {
        String admin = token("o311-admin", "admin-secret-311");
        Response created = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("name", "FixMyStreet Paris", "contactEmail", "tech@fixmystreet.example"))
                .post(ADMIN_API);
        created.then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString(ADMIN_API + "/"))
                .body("id", notNullValue())
                .body("name", equalTo("FixMyStreet Paris"))
                .body("apiKey", startsWith("o311_"))
                .body("createdBy", equalTo("o311-admin"));
        String key = created.path("apiKey");
        long id = ((Number) created.path("id")).longValue();

        // The key is never shown again and never stored in clear.
        Response list = given().auth().oauth2(admin).get(ADMIN_API);
        list.then().statusCode(200).body("name", hasItem("FixMyStreet Paris"));
        assertFalse(list.asString().contains(key));
        assertFalse(list.asString().contains("apiKey"));
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT key_hash, key_prefix FROM open311_client WHERE id = ?")) {
            ps.setLong(1, id);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertFalse(rs.getString(1).contains(key.substring(5)));
            assertTrue(key.startsWith(rs.getString(2)));
        }

        // The key posts a request, which the client list counts.
        given().contentType("application/x-www-form-urlencoded").formParam("api_key", key)
                .formParam("service_code", Spots.POTHOLE).formParam("lat", Spots.lat(95)).formParam("long", Spots.lon(95))
                .post("/open311/v2/requests.json").then().statusCode(200);
        Map<String, Object> row = given().auth().oauth2(admin).get(ADMIN_API).jsonPath()
                .getMap("find { it.id == " + id + " }");
        assertEquals(1, ((Number) row.get("requestCount")).intValue());
        assertTrue(row.get("lastUsedAt") != null);
        assertTrue(row.get("revokedAt") == null);

        given().auth().oauth2(admin).delete(ADMIN_API + "/" + id).then().statusCode(204);
        given().auth().oauth2(admin).delete(ADMIN_API + "/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get(ADMIN_API).then()
                .body("find { it.id == " + id + " }.revokedAt", notNullValue())
                .body("find { it.id == " + id + " }.revokedBy", equalTo("o311-admin"));
        given().contentType("application/x-www-form-urlencoded").formParam("api_key", key)
                .formParam("service_code", Spots.POTHOLE).formParam("lat", Spots.lat(95)).formParam("long", Spots.lon(95))
                .post("/open311/v2/requests.json").then().statusCode(403).body("[0].code", equalTo(403));

        // Both actions are in the audit log, by this admin.
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT action, actor, actor_id FROM audit_log WHERE target = ? ORDER BY id")) {
            ps.setString(1, "open311-client:" + id);
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next());
            assertEquals("open311.client.create", rs.getString(1));
            assertEquals("o311-admin", rs.getString(2));
            assertTrue(rs.getLong(3) > 0);
            assertTrue(rs.next());
            assertEquals("open311.client.revoke", rs.getString(1));
            assertFalse(rs.next(), "revoking twice is recorded once");
        }
    }

    @Test
    void onlyAdminManagesClients() {
        given().get(ADMIN_API).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).post(ADMIN_API).then().statusCode(401);
        given().delete(ADMIN_API + "/1").then().statusCode(401);
        String dispatcher = token("o311-dispatch", "dispatch-secret-311");
        given().auth().oauth2(dispatcher).get(ADMIN_API).then().statusCode(403);
        given().auth().oauth2(dispatcher).contentType(ContentType.JSON).body(Map.of("name", "x")).post(ADMIN_API)
                .then().statusCode(403);
        given().auth().oauth2(dispatcher).delete(ADMIN_API + "/1").then().statusCode(403);
    }

    @Test
    void badInputIsAProblem() {
        String admin = token("o311-admin", "admin-secret-311");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", " ")).post(ADMIN_API)
                .then().statusCode(400).contentType("application/problem+json").body("field", equalTo("name"));
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("name", "App", "contactEmail", "nope"))
                .post(ADMIN_API).then().statusCode(400).body("field", equalTo("contactEmail"));
        given().auth().oauth2(admin).delete(ADMIN_API + "/999999").then().statusCode(404)
                .contentType("application/problem+json").body("detail", notNullValue()).body("field", nullValue());
    }
}
