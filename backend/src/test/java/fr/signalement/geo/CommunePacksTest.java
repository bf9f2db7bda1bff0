package fr.signalement.geo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.alert.Deadlines;
import fr.signalement.report.Intake;
import fr.signalement.report.ReportRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One deployment, many communes (issue #12), against the real packs: Paris loaded at start-up,
 * the Eurométropole de Strasbourg (33 communes) loaded through the ADMIN endpoint. Paris places are
 * Spots 5–19.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class CommunePacksTest {
    @Inject
    Geography geography;
    @Inject
    PackLoader loader;
    @Inject
    Intake intake;
    @Inject
    EntityManager em;
    @Inject
    fr.signalement.open311.Open311Clients clients;

    @BeforeEach
    void strasbourgLoaded() {
        Strasbourg.load();
    }

    static Response report(String category, double[] at) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("categoryCode", category, "lat", at[0], "lon", at[1], "description", "Test communes"))
                .post("/api/v1/reports");
    }

    long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }

    @Test
    void packsLoadOnceAndAgainOnlyWhatChanged() {
        assertEquals(33, count("SELECT count(*) FROM commune WHERE territory = 'strasbourg'"));
        assertEquals(52, count("SELECT count(*) FROM quartier WHERE territory = 'strasbourg'"));
        assertEquals(20, count("SELECT count(*) FROM quartier WHERE territory = 'strasbourg' AND insee_code = '67482'"));
        assertEquals(195, count("SELECT count(*) FROM sector WHERE territory = 'strasbourg'"));
        assertEquals(1, count("SELECT count(*) FROM commune WHERE territory = 'paris'"));
        assertEquals(158_048, count("SELECT count(*) FROM address WHERE territory = 'paris'"));
        // Communal competence: one green-spaces service per commune, each category routed per commune.
        assertEquals(33, count("SELECT count(*) FROM service WHERE code LIKE 'espaces-verts-%' AND territory = 'strasbourg'"));
        assertEquals(33, count("SELECT count(*) FROM category_service cs JOIN category c ON c.id = cs.category_id"
                + " WHERE c.code = 'ems-arbre-dangereux'"));
        long services = count("SELECT count(*) FROM service");
        long teams = count("SELECT count(*) FROM team");

        // The same files again: nothing reloaded, nothing duplicated (the operator's command is idempotent).
        Staff.Account admin = Staff.create("ADMIN", null);
        JsonPath again = admin.as().post("/api/v1/admin/packs/strasbourg").then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of(), again.getMap("loaded"));
        assertEquals(List.of("communes", "quartiers", "sectors", "catalogue"), again.getList("upToDate"));
        assertEquals(services, count("SELECT count(*) FROM service"));
        assertEquals(teams, count("SELECT count(*) FROM team"));
        admin.as().get("/api/v1/admin/packs").then().statusCode(200)
                .body("size()", equalTo(34)).body("inseeCode", hasItem("67447")).body("inseeCode", hasItem("75056"));
        // Only a pack's name reaches the file system.
        admin.as().post("/api/v1/admin/packs/..").then().statusCode(404);
        admin.as().post("/api/v1/admin/packs/nulle-part").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("nulle-part"));
        Staff.create("DISPATCHER", null).as().post("/api/v1/admin/packs/strasbourg").then().statusCode(403);
    }

    @Test
    void parisCatalogueReadsAsPlainFrenchAndKeepsItsCodes() {
        // The catalogue came from the pack, not from Flyway: every former code is there, no marker in a label.
        assertEquals(325, count("SELECT count(*) FROM category WHERE territory = 'paris'"));
        assertEquals(0, count("SELECT count(*) FROM category WHERE label ~ '\\[|\\]'"));
        assertEquals(1, count("SELECT count(*) FROM category WHERE code = '" + Spots.POTHOLE + "' AND enabled"));
        assertEquals(1, count("SELECT count(*) FROM service WHERE code = 'subdi-horo' AND name = 'Horodateurs'"
                + " AND internal_name = 'SUBDI_HORO'"));
        assertEquals(0, count("SELECT count(*) FROM service WHERE territory = 'paris' AND name ~ '_|^[A-Z]{3,}$'"));
        // The DansMaRue wording stays for staff.
        assertEquals(1, count("SELECT count(*) FROM category WHERE code = 'autres-problemes-d-animaux-et-d-insectes-rats-sortant-des-egouts'"
                + " AND label = 'Autres problèmes d''animaux et d''insectes : Rats sortant des égouts'"
                + " AND internal_label LIKE '%[] Rats%'"));
        // The citizens' list (default commune: Paris) has only Paris's categories, none with a marker.
        List<String> labels = given().get("/api/v1/categories").then().statusCode(200).extract().jsonPath()
                .getList("categories.flatten().label");
        assertTrue(labels.size() > 200, "Paris categories: " + labels.size());
        assertTrue(labels.stream().noneMatch(l -> l.contains("[")), labels.toString());
        assertFalse(labels.contains("Nid-de-poule ou chaussée dégradée"), "no Strasbourg category in Paris");
    }

    @Test
    void eachCommuneHasItsOwnCatalogueAndSaysWhoHandlesIt() {
        JsonPath schilik = given().queryParam("commune", Strasbourg.SCHILTIGHEIM).get("/api/v1/categories")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = schilik.getList("categories.flatten()");
        assertEquals(15, all.size());
        Map<String, Object> pothole = all.stream().filter(c -> c.get("code").equals("ems-nid-de-poule")).findFirst().orElseThrow();
        assertEquals("EPCI", pothole.get("competence"));
        assertEquals("Eurométropole de Strasbourg", pothole.get("handledBy"));
        assertEquals("Eurométropole – Voirie", pothole.get("serviceName"));
        Map<String, Object> tree = all.stream().filter(c -> c.get("code").equals("ems-arbre-dangereux")).findFirst().orElseThrow();
        assertEquals("COMMUNE", tree.get("competence"));
        assertEquals("Schiltigheim", tree.get("handledBy"));
        assertEquals("Espaces verts – Schiltigheim", tree.get("serviceName"));
        given().queryParam("commune", "99999").get("/api/v1/categories").then().statusCode(404);

        // The app's settings follow the pin: Strasbourg's branding under Place Kléber, Paris's in Paris.
        given().queryParam("lat", Strasbourg.KLEBER[0]).queryParam("lon", Strasbourg.KLEBER[1]).get("/api/v1/config")
                .then().statusCode(200).body("communeName", equalTo("Strasbourg")).body("inseeCode", equalTo("67482"))
                .body("territoryName", equalTo("Eurométropole de Strasbourg")).body("primaryColor", equalTo("#a6192e"));
        given().queryParam("lat", Strasbourg.SCHILTIGHEIM_CENTRE[0]).queryParam("lon", Strasbourg.SCHILTIGHEIM_CENTRE[1])
                .get("/api/v1/config").then().statusCode(200).body("communeName", equalTo("Schiltigheim"));
        given().get("/api/v1/config").then().statusCode(200).body("communeName", equalTo("Paris"))
                .body("primaryColor", equalTo("#1d5f8a")).body("communes.size()", equalTo(34));
        given().queryParam("lat", Strasbourg.KEHL[0]).queryParam("lon", Strasbourg.KEHL[1]).get("/api/v1/config")
                .then().statusCode(422).body("detail", containsString("Eurométropole de Strasbourg (33 communes)"));

        // The outlines the app switches on as the pin moves carry each commune's whole branding, logo
        // included: a member's own (set here) over its EPCI's pack default.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE commune SET logo_url = '/logos/schiltigheim.svg' WHERE insee_code = '67447'").executeUpdate());
        try {
            given().get("/api/v1/geo/communes").then().statusCode(200)
                    .body("features.find { it.properties.inseeCode == '67447' }.properties.logoUrl", equalTo("/logos/schiltigheim.svg"))
                    .body("features.find { it.properties.inseeCode == '67482' }.properties.logoUrl", equalTo("/logo.svg"))
                    .body("features.find { it.properties.inseeCode == '67482' }.properties.primaryColor", equalTo("#a6192e"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "UPDATE commune SET logo_url = NULL WHERE insee_code = '67447'").executeUpdate());
        }
    }

    @Test
    void aCommunesOwnHostNameGivesItsBrandingWithoutAPosition() {
        // A member's "host" in its pack: what an installation configures for the commune's own address.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE commune SET host = 'signaler.schiltigheim.test' WHERE insee_code = '67447'").executeUpdate());
        given().header("Host", "Signaler.Schiltigheim.test:8443").get("/api/v1/config").then().statusCode(200)
                .body("communeName", equalTo("Schiltigheim")).body("inseeCode", equalTo("67447"))
                .body("primaryColor", equalTo("#a6192e"));
        // The pin still wins over the host; another host gets the deployment's first commune.
        given().header("Host", "signaler.schiltigheim.test").queryParam("lat", Strasbourg.KLEBER[0])
                .queryParam("lon", Strasbourg.KLEBER[1]).get("/api/v1/config").then().statusCode(200)
                .body("communeName", equalTo("Strasbourg"));
        given().header("Host", "signaler.ailleurs.test").get("/api/v1/config").then().statusCode(200)
                .body("communeName", equalTo("Paris"));

        // The app's pages on that host are already Schiltigheim's before any script runs (first paint).
        for (String path : List.of("/", "/index.html", "/mes-signalements", "/suivi/SIG-2026-000001")) {
            given().header("Host", "signaler.schiltigheim.test").get(path).then().statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("<span id=\"commune-name\">Schiltigheim</span>"))
                    .body(containsString("<title>Signaler un problème — Schiltigheim</title>"))
                    .body(containsString("--primary:#a6192e;"));
        }
        // Any other host: the one page of every commune, which follows the pin.
        given().header("Host", "signaler.ailleurs.test").get("/").then().statusCode(200)
                .body(containsString("<span id=\"commune-name\">Signalement</span>")).body(not(containsString("--primary")));
        given().get("/mes-signalements").then().statusCode(200).body(containsString("<span id=\"commune-name\">Signalement</span>"));
    }

    @Test
    void aPointIsPlacedInItsCommuneQuartierAndNearestNamedPlace() {
        Place kleber = QuarkusTransaction.requiringNew().call(() -> geography.locate(Strasbourg.KLEBER[0], Strasbourg.KLEBER[1]));
        assertEquals("67482", kleber.inseeCode());
        assertEquals("Strasbourg", kleber.communeName());
        assertEquals("Grande-Île", kleber.quartierName());
        // No address file in this pack: the IRIS (sector) names the place.
        assertNull(kleber.addressDistanceM());
        assertTrue(kleber.address() != null && !kleber.address().isBlank());
        Place schilik = QuarkusTransaction.requiringNew().call(() -> geography.locate(Strasbourg.SCHILTIGHEIM_CENTRE[0],
                Strasbourg.SCHILTIGHEIM_CENTRE[1]));
        assertEquals("67447", schilik.inseeCode());
        assertEquals("Schiltigheim", schilik.quartierName());
        Place paris = QuarkusTransaction.requiringNew().call(() -> geography.locate(Spots.lat(5), Spots.lon(5)));
        assertEquals("75056", paris.inseeCode());
        assertTrue(paris.addressDistanceM() != null && paris.addressDistanceM() < 300, "a BAN address nearby");
        Place kehl = QuarkusTransaction.requiringNew().call(() -> geography.locate(Strasbourg.KEHL[0], Strasbourg.KEHL[1]));
        assertFalse(kehl.insideCommune());
    }

    @Test
    void reportsGoToTheCompetentServiceOfTheirCommune() {
        JsonPath kleber = report("ems-nid-de-poule", Strasbourg.KLEBER).then().statusCode(201).extract().jsonPath();
        assertEquals("67482", kleber.getString("commune.inseeCode"));
        assertEquals("Strasbourg", kleber.getString("commune.name"));
        assertEquals("EPCI", kleber.getString("commune.competence"));
        assertEquals("Eurométropole de Strasbourg", kleber.getString("commune.handledBy"));
        assertEquals("Eurométropole – Voirie", kleber.getString("service.name"));
        assertEquals("03 68 98 50 00", kleber.getString("service.phone"));

        JsonPath tree = report("ems-arbre-dangereux", Strasbourg.SCHILTIGHEIM_CENTRE).then().statusCode(201).extract().jsonPath();
        assertEquals("Schiltigheim", tree.getString("commune.name"));
        assertEquals("COMMUNE", tree.getString("commune.competence"));
        assertEquals("Espaces verts – Schiltigheim", tree.getString("service.name"));
        assertEquals("mairie@schiltigheim.signalement.example", tree.getString("service.email"));
        long alert = tree.getLong("alertId");
        assertEquals(1, count("SELECT count(*) FROM alert a JOIN service s ON s.id = a.service_id WHERE a.id = " + alert
                + " AND a.insee_code = '67447' AND s.code = 'espaces-verts-67447' AND a.team_id IS NOT NULL"));

        JsonPath paris = report(Spots.POTHOLE, new double[]{Spots.lat(6), Spots.lon(6)}).then().statusCode(201).extract().jsonPath();
        assertEquals("Paris", paris.getString("commune.name"));
        assertEquals("COMMUNE", paris.getString("commune.competence"));
        assertEquals("Voirie et déplacements", paris.getString("service.name"));

        // Tracking numbers: one sequence for the whole deployment.
        Set<String> numbers = new HashSet<>(List.of(kleber.getString("trackingNumber"), tree.getString("trackingNumber"),
                paris.getString("trackingNumber")));
        assertEquals(3, numbers.size());

        // A category of another territory is refused, naming the commune.
        report(Spots.POTHOLE, Strasbourg.KLEBER).then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Strasbourg"));
        report("ems-nid-de-poule", new double[]{Spots.lat(7), Spots.lon(7)}).then().statusCode(422);
    }

    @Test
    void outsideEveryServedCommuneIsRefusedNamingTheServedTerritory() {
        long before = count("SELECT count(*) FROM report");
        report("ems-nid-de-poule", Strasbourg.KEHL).then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("en dehors du territoire desservi"))
                .body("detail", containsString("Paris"))
                .body("detail", containsString("Eurométropole de Strasbourg (33 communes)"))
                .body("servedTerritory", containsString("Paris"));
        assertEquals(before, count("SELECT count(*) FROM report"));
    }

    @Test
    void deduplicationCrossesABorderOnlyWhenOneServiceIsCompetentOnBothSides() {
        Strasbourg.Pair pair = Strasbourg.acrossTheBorder(0.00005);
        assertTrue(pair.metres() < 20, "close enough to merge: " + pair.metres() + " m");

        // Cleanliness is the Eurométropole's on both sides: one alert.
        JsonPath first = report("ems-depot-sauvage", pair.strasbourg()).then().statusCode(201).extract().jsonPath();
        JsonPath second = report("ems-depot-sauvage", pair.schiltigheim()).then().statusCode(201).extract().jsonPath();
        assertEquals("Strasbourg", first.getString("commune.name"));
        assertEquals("Schiltigheim", second.getString("commune.name"));
        assertTrue(second.getBoolean("joinedExistingAlert"));
        assertEquals(first.getLong("alertId"), second.getLong("alertId"));

        // Benches are each commune's own: two alerts, one per competent service, however close.
        JsonPath bench1 = report("ems-banc-abime", pair.strasbourg()).then().statusCode(201).extract().jsonPath();
        JsonPath bench2 = report("ems-banc-abime", pair.schiltigheim()).then().statusCode(201).extract().jsonPath();
        assertFalse(bench2.getBoolean("joinedExistingAlert"));
        assertNotEquals(bench1.getLong("alertId"), bench2.getLong("alertId"));
        assertEquals("Bâtiments communaux – Strasbourg", bench1.getString("service.name"));
        assertEquals("Bâtiments communaux – Schiltigheim", bench2.getString("service.name"));
        // ...while a second report on the same side joins its commune's alert.
        JsonPath bench3 = report("ems-banc-abime", pair.schiltigheim()).then().statusCode(201).extract().jsonPath();
        assertEquals(bench2.getLong("alertId"), bench3.getLong("alertId"));
    }

    @Test
    void goodFridayIsAWorkingDayInParisButNotInStrasbourg() {
        // Thursday 2 April 2026, 10:00, the day before Good Friday.
        Instant thursday = ZonedDateTime.parse("2026-04-02T10:00+02:00[Europe/Paris]").toInstant();
        // Strasbourg: 16 working hours of the Eurométropole's roads service (Mon–Fri 8–18): 8 on Thursday,
        // then Good Friday and Easter Monday are off in Alsace-Moselle: Tuesday 7 April, 16:00.
        Intake.Result ems = intake.submit(new ReportRequest("ems-nid-de-poule", Strasbourg.NEUDORF[0], Strasbourg.NEUDORF[1],
                null, "Vendredi saint", null, "pwa"), List.of(), null, null, "citizen", thursday);
        assertFalse(ems.acknowledgement().joinedExistingAlert());
        assertEquals("Strasbourg", ems.acknowledgement().commune().name());
        assertEquals(ZonedDateTime.parse("2026-04-07T16:00+02:00[Europe/Paris]").toInstant(), ems.acknowledgement().dueAt());

        // Paris, a service counting working hours too: Good Friday is worked there.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE service SET deadline_mode = 'WORKING' WHERE code = 'subdi-horo'").executeUpdate());
        Intake.Result paris = intake.submit(new ReportRequest("horodateur-hs-souci-ticket", Spots.lat(8), Spots.lon(8), null,
                "Vendredi saint", null, "pwa"), List.of(), null, null, "citizen", thursday);
        assertFalse(paris.acknowledgement().joinedExistingAlert());
        int hours = (int) count("SELECT deadline_hours FROM category WHERE code = 'horodateur-hs-souci-ticket'");
        Instant inParis = Deadlines.addWorkingTime(thursday, Duration.ofHours(hours), workingWeek(), false);
        assertEquals(inParis, paris.acknowledgement().dueAt());
        assertNotEquals(Deadlines.addWorkingTime(thursday, Duration.ofHours(hours), workingWeek(), true), inParis,
                "the Paris deadline counts Good Friday");

        // The service's own opening hours: weekday mornings and afternoons, Saturday mornings.
        List<Deadlines.Window> own = new java.util.ArrayList<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            if (d.getValue() <= 5) {
                own.add(new Deadlines.Window(d, java.time.LocalTime.of(9, 0), java.time.LocalTime.of(12, 0)));
                own.add(new Deadlines.Window(d, java.time.LocalTime.of(14, 0), java.time.LocalTime.of(17, 30)));
            } else if (d.getValue() == 6) {
                own.add(new Deadlines.Window(d, java.time.LocalTime.of(10, 0), java.time.LocalTime.of(12, 0)));
            }
        }
        QuarkusTransaction.requiringNew().run(() -> own.forEach(w -> em.createNativeQuery("""
                INSERT INTO service_hours (service_id, iso_day, opens_at, closes_at)
                SELECT id, :day, CAST(:opens AS time), CAST(:closes AS time) FROM service WHERE code = 'subdi-horo'""")
                .setParameter("day", w.day().getValue()).setParameter("opens", w.opens().toString())
                .setParameter("closes", w.closes().toString()).executeUpdate()));
        try {
            Intake.Result withHours = intake.submit(new ReportRequest("horodateur-hs-souci-ticket", Spots.latNorth(8, 600),
                    Spots.lon(8), null, "Horaires du service", null, "pwa"), List.of(), null, null, "citizen", thursday);
            assertFalse(withHours.acknowledgement().joinedExistingAlert());
            Instant expected = Deadlines.addWorkingTime(thursday, Duration.ofHours(hours), own, false);
            assertEquals(expected, withHours.acknowledgement().dueAt());
            assertNotEquals(inParis, expected, "the service's own hours are not the default week");
        } finally {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "DELETE FROM service_hours WHERE service_id = (SELECT id FROM service WHERE code = 'subdi-horo')").executeUpdate());
        }
    }

    private static List<Deadlines.Window> workingWeek() {
        return java.util.stream.Stream.of(java.time.DayOfWeek.values()).filter(d -> d.getValue() <= 5)
                .map(d -> new Deadlines.Window(d, java.time.LocalTime.of(8, 0), java.time.LocalTime.of(18, 0))).toList();
    }

    @Test
    void open311ServesOneJurisdictionPerCommuneAndEpci() {
        String discovery = given().get("/open311/v2/discovery.json").then().statusCode(200).extract().asString();
        JsonPath d = JsonPath.from(discovery);
        List<String> ids = d.getList("jurisdictions.jurisdiction_id");
        assertTrue(ids.containsAll(List.of("75056", "67482", "67447", Strasbourg.EMS_SIREN)), ids.toString());
        assertEquals(35, ids.size(), "34 communes and one EPCI");

        List<String> schilik = given().queryParam("jurisdiction_id", "67447").get("/open311/v2/services.json")
                .then().statusCode(200).extract().jsonPath().getList("service_code");
        assertEquals(15, schilik.size());
        assertTrue(schilik.contains("ems-arbre-dangereux"));
        String tree = given().queryParam("jurisdiction_id", "67447").get("/open311/v2/services.json")
                .then().extract().jsonPath().getString("find { it.service_code == 'ems-arbre-dangereux' }.description");
        assertTrue(tree.contains("Espaces verts – Schiltigheim"), tree);
        List<String> paris = given().queryParam("jurisdiction_id", "75056").get("/open311/v2/services.json")
                .then().statusCode(200).extract().jsonPath().getList("service_code");
        assertTrue(paris.contains(Spots.POTHOLE));
        assertFalse(paris.contains("ems-nid-de-poule"));
        given().queryParam("jurisdiction_id", Strasbourg.EMS_SIREN).get("/open311/v2/services.json").then().statusCode(200)
                .body("service_code", hasItem("ems-nid-de-poule")).body("service_code", not(hasItem(Spots.POTHOLE)));
        given().queryParam("jurisdiction_id", Strasbourg.EMS_SIREN).get("/open311/v2/services/" + Spots.POTHOLE + ".json")
                .then().statusCode(404);
        given().queryParam("jurisdiction_id", "13055").get("/open311/v2/services.json").then().statusCode(404);
    }

    @Test
    void anOpen311ClientsAcknowledgementNamesTheCommuneAndTheCompetentServiceWithItsContact() {
        String key = clients.create("Client communes " + System.nanoTime(), "dev@client.example", null, "test").apiKey();
        // Trees are each commune's own: posted in Schiltigheim, Schiltigheim's service (the category's default
        // service row is Strasbourg's, which must not be what the client is told).
        Map<String, Object> tree = given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .formParam("api_key", key).formParam("service_code", "ems-arbre-dangereux")
                .formParam("lat", 48.60800).formParam("long", 7.74700).formParam("jurisdiction_id", Strasbourg.SCHILTIGHEIM)
                .post("/open311/v2/requests.json").then().statusCode(200).extract().jsonPath().getMap("[0]");
        String notice = (String) tree.get("service_notice");
        assertTrue(notice.contains("Commune : Schiltigheim."), notice);
        assertTrue(notice.contains("Espaces verts – Schiltigheim (mairie@schiltigheim.signalement.example)"), notice);
        assertFalse(notice.contains("Strasbourg"), notice);
        // The same notice when the request is read back.
        given().get("/open311/v2/requests/" + tree.get("service_request_id") + ".json").then().statusCode(200)
                .body("[0].service_notice", equalTo(notice)).body("[0].agency_responsible", equalTo("Espaces verts – Schiltigheim"));
        // Roads are the Eurométropole's: its service, its e-mail and switchboard.
        String road = given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .formParam("api_key", key).formParam("service_code", "ems-trottoir-degrade")
                .formParam("lat", 48.60800).formParam("long", 7.74700)
                .post("/open311/v2/requests.json").then().statusCode(200).extract().jsonPath().getString("[0].service_notice");
        assertTrue(road.startsWith("Commune : Schiltigheim. Pris en charge par Eurométropole – Voirie ("), road);
        assertTrue(road.contains("tél. 03 68 98 50 00"), road);
    }

    @Test
    void open311RequestsOfAJurisdictionAreItsCommunesOwn() {
        String inParis = report(Spots.POTHOLE, new double[]{Spots.lat(10), Spots.lon(10)}).then().statusCode(201)
                .extract().path("trackingNumber");
        String inSchiltigheim = report("ems-nid-de-poule", Strasbourg.SCHILTIGHEIM_CENTRE).then().statusCode(201)
                .extract().path("trackingNumber");
        String both = inParis + "," + inSchiltigheim;
        java.util.function.Function<String, List<String>> listed = j -> given().queryParam("service_request_id", both)
                .queryParam("jurisdiction_id", j).get("/open311/v2/requests.json")
                .then().statusCode(200).extract().jsonPath().getList("service_request_id");
        assertEquals(List.of(inParis), listed.apply("75056"));
        assertEquals(List.of(inSchiltigheim), listed.apply(Strasbourg.SCHILTIGHEIM));
        assertEquals(List.of(inSchiltigheim), listed.apply(Strasbourg.EMS_SIREN), "the EPCI's jurisdiction covers its communes");
        assertEquals(List.of(), listed.apply(Strasbourg.STRASBOURG));
        List<String> all = given().queryParam("service_request_id", both).get("/open311/v2/requests.json")
                .then().statusCode(200).extract().jsonPath().getList("service_request_id");
        assertEquals(2, all.size(), "no jurisdiction: the whole deployment");
    }
}
