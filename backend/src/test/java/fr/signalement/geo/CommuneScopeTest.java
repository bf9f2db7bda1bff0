package fr.signalement.geo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import fr.signalement.staff.Accounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each commune sees its own (issue #12): staff scoped to communes and services in the
 * Eurométropole's deployment, the mayor's office and the EPCI's, the audit log's commune.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class CommuneScopeTest {
    @Inject
    Accounts accounts;
    @Inject
    EntityManager em;

    @BeforeEach
    void strasbourgLoaded() {
        Strasbourg.load();
    }

    static long report(String category, double[] at) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", at[0], "lon", at[1], "description", "Test périmètre"))
                .post("/api/v1/reports").then().statusCode(201).extract().jsonPath().getLong("alertId");
    }

    Staff.Account account(String role, List<String> serviceCodes, List<String> communes) {
        String username = "scope-" + UUID.randomUUID().toString().substring(0, 8);
        @SuppressWarnings("unchecked")
        List<Long> services = serviceCodes == null ? null : QuarkusTransaction.requiringNew().call(() -> (List<Long>) em
                .createNativeQuery("SELECT id FROM service WHERE code IN (:c)", Long.class).setParameter("c", serviceCodes).getResultList());
        long id = QuarkusTransaction.requiringNew().call(() -> accounts.create(new Accounts.NewAccount(username, username,
                null, "secret-" + username, List.of(role), null, services, communes)).id);
        return Staff.login(id, username, "secret-" + username, null);
    }

    static List<Long> queue(Staff.Account who) {
        return who.as().queryParam("size", 500).get("/api/v1/alerts").then().statusCode(200).extract().jsonPath()
                .getList("items.id", Long.class);
    }

    @Test
    void staffSeeTheirCommunesAndTheEpciItsCompetenceEverywhere() {
        // Points 100+ m apart from other tests' Strasbourg reports.
        double[] strasbourg = {48.57600, 7.73500};
        double[] schiltigheim = {48.61000, 7.74200};
        long roadStrasbourg = report("ems-signalisation", strasbourg);
        long roadSchiltigheim = report("ems-signalisation", schiltigheim);
        long parkStrasbourg = report("ems-pelouse-massif", strasbourg);
        long parkSchiltigheim = report("ems-pelouse-massif", schiltigheim);

        // The Eurométropole's dispatcher: its services, in every commune; no commune's own service.
        Staff.Account epci = account("DISPATCHER", List.of("ems-voirie", "ems-proprete", "ems-eclairage"), null);
        List<Long> seen = queue(epci);
        assertTrue(seen.containsAll(List.of(roadStrasbourg, roadSchiltigheim)), seen.toString());
        assertFalse(seen.contains(parkStrasbourg) || seen.contains(parkSchiltigheim), seen.toString());

        // Schiltigheim's town hall: every service, but only Schiltigheim's alerts.
        Staff.Account townHall = account("DISPATCHER", List.of("ems-voirie", "espaces-verts-67447", "espaces-verts-67482"),
                List.of(Strasbourg.SCHILTIGHEIM));
        seen = queue(townHall);
        assertTrue(seen.containsAll(List.of(roadSchiltigheim, parkSchiltigheim)), seen.toString());
        assertFalse(seen.contains(roadStrasbourg) || seen.contains(parkStrasbourg), seen.toString());
        townHall.as().get("/api/v1/alerts/" + parkStrasbourg).then().statusCode(404);
        townHall.as().get("/api/v1/alerts/" + parkSchiltigheim).then().statusCode(200)
                .body("alert.commune.name", org.hamcrest.Matchers.equalTo("Schiltigheim"));
        townHall.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + parkStrasbourg + "/transitions").then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.equalTo(403), org.hamcrest.Matchers.equalTo(404)));
        townHall.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + parkSchiltigheim + "/transitions").then().statusCode(200);
        // The Eurométropole's roads service is among the town hall's, but a Strasbourg road alert is not its to act on.
        townHall.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + roadStrasbourg + "/transitions").then()
                .statusCode(403).contentType("application/problem+json");
        townHall.as().body(Map.of("alertId", roadStrasbourg)).post("/api/v1/alerts/" + roadSchiltigheim + "/merge").then()
                .statusCode(403).contentType("application/problem+json");
        long reportStrasbourg = TestSql.count("SELECT min(id) FROM report WHERE alert_id = ?", roadStrasbourg);
        townHall.as().body(Map.of("reportId", reportStrasbourg)).post("/api/v1/alerts/" + roadStrasbourg + "/split").then()
                .statusCode(403).contentType("application/problem+json");
        townHall.as().body(Map.of("text", "Nous passons demain.")).post("/api/v1/alerts/" + roadStrasbourg + "/messages")
                .then().statusCode(403).contentType("application/problem+json");
        townHall.as().get("/api/v1/alerts/" + roadStrasbourg + "/messages").then().statusCode(403);
        assertEquals("NEW", TestSql.scalar("SELECT status FROM alert WHERE id = ?", roadStrasbourg), "nothing done");
        assertEquals(0L, TestSql.count("SELECT count(*) FROM alert_message WHERE alert_id = ?", roadStrasbourg));
        townHall.as().get("/api/v1/alerts/" + roadSchiltigheim + "/messages").then().statusCode(200);
        // The console's filter by commune, within the reader's scope.
        assertEquals(List.of(roadSchiltigheim), epci.as().queryParam("commune", Strasbourg.SCHILTIGHEIM)
                .queryParam("categoryCode", "ems-signalisation").get("/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class));

        // The audit log records the commune of the alert acted on.
        Staff.Account admin = Staff.create("ADMIN", null);
        List<String> targets = admin.as().queryParam("commune", Strasbourg.SCHILTIGHEIM).queryParam("action", "alert.transition")
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("items.target");
        assertTrue(targets.contains("alert:" + parkSchiltigheim), targets.toString());
        assertFalse(targets.contains("alert:" + parkStrasbourg));
    }

    @Test
    void aMayorsOfficeSeesItsCommuneAndTheEpciOfficeEveryCommune() {
        report("ems-corbeille-pleine", new double[]{48.59000, 7.72000});
        report("ems-corbeille-pleine", new double[]{48.60400, 7.74700});
        report(fr.signalement.Spots.POTHOLE, new double[]{fr.signalement.Spots.lat(9), fr.signalement.Spots.lon(9)});
        java.time.Instant now = java.time.Instant.now();
        String period = "?from=" + now.minus(java.time.Duration.ofDays(1)) + "&to=" + now.plus(java.time.Duration.ofDays(1))
                + "&by=commune";

        Staff.Account epciOffice = account("SUPERVISOR", null, null);
        List<String> keys = epciOffice.as().get("/api/v1/stats/response-times" + period).then().statusCode(200)
                .extract().jsonPath().getList("rows.key");
        assertTrue(keys.containsAll(List.of(Strasbourg.STRASBOURG, Strasbourg.SCHILTIGHEIM, "75056")), keys.toString());

        Staff.Account mayor = account("SUPERVISOR", null, List.of(Strasbourg.SCHILTIGHEIM));
        keys = mayor.as().get("/api/v1/stats/response-times" + period).then().statusCode(200).extract().jsonPath().getList("rows.key");
        assertEquals(List.of(Strasbourg.SCHILTIGHEIM), keys);
        List<String> backlog = mayor.as().get("/api/v1/stats/backlog?by=commune").then().statusCode(200)
                .extract().jsonPath().getList("rows.key");
        assertEquals(List.of(Strasbourg.SCHILTIGHEIM), backlog);
    }
}
