package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.alert.AlertSql;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import fr.signalement.staff.Accounts;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static fr.signalement.open311.Open311Xml.items;
import static fr.signalement.open311.Open311Xml.names;
import static fr.signalement.open311.Open311Xml.parse;
import static fr.signalement.open311.Open311Xml.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST and GET service requests, tokens, status changes, privacy, address_string and media_url. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311RequestsTest extends AsOpen311Client {
    static final String BASE = "/open311/v2/";

    @Inject
    AgroalDataSource db;

    RequestSpecification form(Object... params) {
        RequestSpecification spec = given().contentType("application/x-www-form-urlencoded; charset=utf-8");
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.formParam((String) params[i], params[i + 1]);
        }
        return spec;
    }

    Response post(String format, Object... params) {
        return form(params).post(BASE + "requests." + format);
    }

    /** Posts at spot i with the api key; returns the JSON answer's first item. */
    Map<String, Object> postAt(int spot, String service, Object... extra) {
        Object[] params = new Object[8 + extra.length];
        System.arraycopy(new Object[]{"api_key", key(), "service_code", service, "lat", Spots.lat(spot), "long", Spots.lon(spot)},
                0, params, 0, 8);
        System.arraycopy(extra, 0, params, 8, extra.length);
        Response r = post("json", params);
        r.then().statusCode(200).contentType(startsWith("application/json")).body("$", hasSize(1));
        return r.jsonPath().getMap("[0]");
    }

    @Test
    void postedRequestIsReadBackByIdAndTokenInJson() {
        Instant before = Instant.now().minusSeconds(1);
        Map<String, Object> created = postAt(84, Spots.POTHOLE, "description", "Trou profond devant l'école",
                "account_id", "acc-42", "email", "habitant@example.org");
        String id = (String) created.get("service_request_id");
        String token = (String) created.get("token");
        assertTrue(id.startsWith("SIG-"), id);
        assertNotNull(token);
        assertEquals("acc-42", created.get("account_id"));
        assertTrue(((String) created.get("service_notice")).contains("Voirie et déplacements"));
        assertTrue(((String) created.get("service_notice")).contains("48 h"));

        Response r = given().get(BASE + "requests/" + id + ".json");
        r.then().statusCode(200).contentType(startsWith("application/json")).body("$", hasSize(1));
        Map<String, Object> req = r.jsonPath().getMap("[0]");
        assertEquals(Open311Xml.REQUEST, List.copyOf(req.keySet()));
        assertEquals(id, req.get("service_request_id"));
        assertEquals("open", req.get("status"));
        assertNull(req.get("status_notes"));
        assertEquals(Spots.POTHOLE, req.get("service_code"));
        assertFalse(((String) req.get("service_name")).isBlank());
        // The text is public only once staff publish it (ModerationTest).
        assertNull(req.get("description"));
        assertEquals("Voirie et déplacements", req.get("agency_responsible"));
        assertEquals(created.get("service_notice"), req.get("service_notice"));
        Instant requested = OffsetDateTime.parse((String) req.get("requested_datetime")).toInstant();
        Instant expected = OffsetDateTime.parse((String) req.get("expected_datetime")).toInstant();
        assertFalse(requested.isBefore(before));
        assertFalse(OffsetDateTime.parse((String) req.get("updated_datetime")).toInstant().isBefore(requested));
        assertEquals(Duration.ofHours(48), Duration.between(requested, expected));
        assertFalse(((String) req.get("address")).isBlank());
        // The street and a position snapped to the public grid: nothing that points at one door.
        assertNull(req.get("address_id"));
        assertTrue(((String) req.get("zipcode")).startsWith("750"), (String) req.get("zipcode"));
        assertEquals(Spots.lat(84), ((Number) req.get("lat")).doubleValue(), AlertSql.PUBLIC_GRID_DEG);
        assertEquals(Spots.lon(84), ((Number) req.get("long")).doubleValue(), AlertSql.PUBLIC_GRID_DEG);
        assertNull(req.get("media_url"));

        given().get(BASE + "tokens/" + token + ".json").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].service_request_id", equalTo(id))
                .body("[0].token", equalTo(token));
        Response x = given().get(BASE + "tokens/" + token + ".xml");
        x.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> items = items(parse(x.asString()), "service_requests", "request");
        assertEquals(List.of("service_request_id", "token"), names(items.get(0)));
        assertEquals(id, text(items.get(0), "service_request_id"));

        // Same intake as the PWA: a report with channel open311, its e-mail kept for the acknowledgement.
        Map<String, Object> row = sql("""
                SELECT r.channel, r.contact_email, a.channel AS alert_channel, e.actor
                FROM report r JOIN alert a ON a.id = r.alert_id JOIN alert_event e ON e.report_id = r.id
                WHERE r.tracking_number = ?""", id);
        assertEquals("open311", row.get("channel"));
        assertEquals("habitant@example.org", row.get("contact_email"));
        assertEquals("open311", row.get("alert_channel"));
        assertTrue(((String) row.get("actor")).startsWith("open311:Test client"));
    }

    @Test
    void postAndReadInXml() {
        Response r = post("xml", "api_key", key(), "service_code", Spots.BULKY, "lat", Spots.lat(85), "long", Spots.lon(85),
                "description", "Canapé & matelas <abandonnés>", "jurisdiction_id", "75056");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> created = items(parse(r.asString()), "service_requests", "request");
        assertEquals(1, created.size());
        assertEquals(List.of("service_request_id", "token", "service_notice", "account_id"), names(created.get(0)));
        String id = text(created.get(0), "service_request_id");
        assertEquals("", text(created.get(0), "account_id"));

        Response one = given().get(BASE + "requests/" + id + ".xml");
        one.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> reqs = items(parse(one.asString()), "service_requests", "request");
        assertEquals(1, reqs.size());
        Element req = reqs.get(0);
        assertEquals(Open311Xml.REQUEST, names(req));
        assertEquals(id, text(req, "service_request_id"));
        assertEquals("open", text(req, "status"));
        assertEquals("", text(req, "description"));
        assertEquals(Spots.BULKY, text(req, "service_code"));
        assertEquals(Spots.lat(85), Double.parseDouble(text(req, "lat")), AlertSql.PUBLIC_GRID_DEG);
        assertEquals(Spots.lon(85), Double.parseDouble(text(req, "long")), AlertSql.PUBLIC_GRID_DEG);
        OffsetDateTime.parse(text(req, "requested_datetime"));
        OffsetDateTime.parse(text(req, "expected_datetime"));

        // The list in XML has the same requests as in JSON.
        Response list = given().queryParam("service_code", Spots.BULKY).get(BASE + "requests.xml");
        List<Element> listed = items(parse(list.asString()), "service_requests", "request");
        assertTrue(listed.stream().anyMatch(e -> text(e, "service_request_id").equals(id)));
        listed.forEach(e -> assertEquals(Open311Xml.REQUEST, names(e)));
        assertEquals(given().queryParam("service_code", Spots.BULKY).get(BASE + "requests.json").jsonPath().getList("service_request_id"),
                listed.stream().map(e -> text(e, "service_request_id")).toList());
    }

    @Test
    void statusChangesMadeByADispatcherAreVisible() {
        String dispatcher = dispatcherToken();
        String id = (String) postAt(86, Spots.BAGS).get("service_request_id");
        long alertId = ((Number) sql("SELECT alert_id FROM report WHERE tracking_number = ?", id).get("alert_id")).longValue();

        transition(dispatcher, alertId, Map.of("to", "QUALIFIED", "note", "Équipe de propreté prévenue."));
        // Staff notes are written to reporters (their follow-up page), not to the public.
        given().get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .body("[0].status", equalTo("open"))
                .body("[0].status_notes", nullValue());
        given().queryParam("status", "open").queryParam("service_code", Spots.BAGS).get(BASE + "requests.json").then()
                .body("service_request_id", hasItem(id));

        transition(dispatcher, alertId, Map.of("to", "REJECTED", "reason", "NOT_COMPETENT", "note", "Voie privée."));
        Response r = given().get(BASE + "requests/" + id + ".json");
        r.then().statusCode(200)
                .body("[0].status", equalTo("closed"))
                .body("[0].status_notes", equalTo("Rejeté : ne relève pas de la compétence de la commune."));
        Element x = items(parse(given().get(BASE + "requests/" + id + ".xml").asString()), "service_requests", "request").get(0);
        assertEquals("closed", text(x, "status"));
        assertFalse(text(x, "status_notes").contains("Voie privée."));
        given().queryParam("status", "closed").queryParam("service_code", Spots.BAGS).get(BASE + "requests.json").then()
                .body("service_request_id", hasItem(id));
        given().queryParam("status", "open").queryParam("service_code", Spots.BAGS).get(BASE + "requests.json").then()
                .body("service_request_id", not(hasItem(id)));
        assertFalse(OffsetDateTime.parse(r.path("[0].updated_datetime"))
                .isBefore(OffsetDateTime.parse(r.path("[0].requested_datetime"))));

        String other = (String) postAt(87, Spots.BAGS).get("service_request_id");
        long otherAlert = ((Number) sql("SELECT alert_id FROM report WHERE tracking_number = ?", other).get("alert_id")).longValue();
        transition(dispatcher, otherAlert, Map.of("to", "FORWARDED", "forwardedTo", "RATP"));
        given().get(BASE + "requests/" + other + ".json").then()
                .body("[0].status", equalTo("closed"))
                .body("[0].status_notes", equalTo("Transmis à RATP."));
    }

    @Inject
    Accounts accounts;

    String dispatcherToken() {
        if (StaffUser.byUsername("o311-regulateur").isEmpty()) {
            List<Long> services = new java.util.ArrayList<>();
            try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM service")) {
                while (rs.next()) {
                    services.add(rs.getLong(1));
                }
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
            accounts.create(new Accounts.NewAccount("o311-regulateur", "Régulateur Open311", null, "regulateur-311",
                    List.of(Role.DISPATCHER), null, services));
        }
        return given().contentType(ContentType.JSON).body(Map.of("username", "o311-regulateur", "password", "regulateur-311"))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("accessToken");
    }

    /** The dispatcher's real transition endpoint. */
    /** A dispatcher publishes the request's photos (until then media_url is empty). */
    void publishPhotosOf(String trackingNumber) {
        long alertId = ((Number) sql("SELECT alert_id FROM report WHERE tracking_number = ?", trackingNumber).get("alert_id")).longValue();
        String key = given().auth().oauth2(dispatcherToken()).get("/api/v1/alerts/" + alertId).path("reports[0].photos[0].key");
        given().auth().oauth2(dispatcherToken()).contentType(ContentType.JSON)
                .put("/api/v1/alerts/" + alertId + "/photos/" + key + "/publication").then().statusCode(200);
    }

    static void transition(String token, long alertId, Map<String, Object> body) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/alerts/" + alertId + "/transitions").then().statusCode(200);
    }

    @Test
    void noPersonalDataIsEverReturned() {
        Map<String, Object> created = postAt(88, Spots.POTHOLE, "email", "jeanne.martin@example.org",
                "first_name", "Jeanne", "last_name", "Martinez-Quidam", "phone", "+33 6 12 34 56 78",
                "device_id", "device-XYZ-123", "account_id", "account-ABC-789", "description", "Pavé descellé");
        String id = (String) created.get("service_request_id");
        for (String body : List.of(
                given().get(BASE + "requests/" + id + ".json").asString(),
                given().get(BASE + "requests/" + id + ".xml").asString(),
                given().get(BASE + "requests.json").asString(),
                given().get(BASE + "requests.xml").asString(),
                given().get(BASE + "tokens/" + created.get("token") + ".json").asString())) {
            assertTrue(body.contains(id));
            for (String secret : List.of("jeanne.martin", "Martinez-Quidam", "12 34 56 78", "device-XYZ", "account-ABC")) {
                assertFalse(body.contains(secret), secret + " leaked in " + body);
            }
        }
        // Names, phone and device are not stored either.
        Map<String, Object> row = sql("SELECT row_to_json(r)::text AS r FROM report r WHERE tracking_number = ?", id);
        String stored = (String) row.get("r");
        assertFalse(stored.contains("Jeanne") || stored.contains("Martinez") || stored.contains("12 34") || stored.contains("device-XYZ"));
    }

    @Test
    void addressStringIsGeocodedInTheAddressBase() {
        Response r = post("json", "api_key", key(), "service_code", Spots.SHUTTER_GRAFFITI,
                "address_string", "8 place de l'hotel de ville 75004");
        r.then().statusCode(200);
        String id = r.path("[0].service_request_id");
        // Staff see the geocoded point and house number; the public, the street (ModerationTest).
        Map<String, Object> located = sql("SELECT ST_Y(position) AS lat, ST_X(position) AS lon, address FROM report WHERE tracking_number = ?", id);
        assertEquals(48.856737, ((Number) located.get("lat")).doubleValue(), 1e-5);
        assertEquals(2.352092, ((Number) located.get("lon")).doubleValue(), 1e-5);
        assertEquals("8 Place de l' Hotel de Ville - Esplanade de la Libération", located.get("address"));
        given().get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .body("[0].address", equalTo("Place de l' Hotel de Ville - Esplanade de la Libération"))
                .body("[0].zipcode", equalTo("75004"));

        // Case and accents do not matter; abbreviations are understood.
        String other = post("json", "api_key", key(), "service_code", Spots.SHUTTER_GRAFFITI,
                "address_string", "12 BD SAINT-MICHEL, Paris").then().statusCode(200).extract().path("[0].service_request_id");
        assertEquals("12 Boulevard Saint-Michel",
                sql("SELECT address FROM report WHERE tracking_number = ?", other).get("address"));

        Response unknown = post("xml", "api_key", key(), "service_code", Spots.SHUTTER_GRAFFITI,
                "address_string", "1 rue qui n'existe nulle part");
        unknown.then().statusCode(400);
        assertEquals(400, Open311Xml.error(unknown.asString()));
    }

    @Test
    void mediaUrlIsFetchedAndStoredAsThePhoto() {
        String id = (String) postAt(89, Spots.BULKY, "media_url", media.url("/moved")).get("service_request_id");
        given().get(BASE + "requests/" + id + ".json").then().statusCode(200).body("[0].media_url", nullValue());
        publishPhotosOf(id);
        String mediaUrl = given().get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .body("[0].media_url", startsWith("http://localhost:8080/api/v1/photos/"))
                .extract().path("[0].media_url");
        given().get(mediaUrl.replace("http://localhost:8080", "")).then().statusCode(200).contentType("image/jpeg");

        // A media_url that cannot be taken keeps the report, without its photo (Open311UpdatesTest).
        for (String bad : List.of(media.url("/page.html"), media.url("/missing.jpg"), "ftp://127.0.0.1/street.jpg",
                "file:///etc/passwd", "not a url")) {
            Response r = post("json", "api_key", key(), "service_code", Spots.BULKY, "lat", Spots.lat(90),
                    "long", Spots.lon(90), "media_url", bad);
            r.then().statusCode(200).body("[0].service_notice", containsString("media_url"));
            assertEquals(0L, ((Number) sql("""
                    SELECT count(*) AS n FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""",
                    (String) r.path("[0].service_request_id")).get("n")).longValue());
        }
    }

    @Test
    void multipartWithAMediaFileIsAcceptedToo() throws Exception {
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/photos/street.jpg")) {
            jpeg = in.readAllBytes();
        }
        Response r = given().multiPart("api_key", key()).multiPart("service_code", Spots.BULKY)
                .multiPart("lat", String.valueOf(Spots.lat(83))).multiPart("long", String.valueOf(Spots.lon(83)))
                .multiPart("description", "Matelas").multiPart("media", "photo.jpg", jpeg, "image/jpeg")
                .post(BASE + "requests.xml");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        String id = text(items(parse(r.asString()), "service_requests", "request").get(0), "service_request_id");
        given().get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .body("[0].description", nullValue()).body("[0].media_url", nullValue());
        publishPhotosOf(id);
        given().get(BASE + "requests/" + id + ".json").then().statusCode(200)
                .body("[0].media_url", startsWith("http://localhost:8080/api/v1/photos/"));

        // A file that is not a photo is refused like in the citizen app, in the spec's form.
        Response bad = given().multiPart("api_key", key()).multiPart("service_code", Spots.BULKY)
                .multiPart("lat", String.valueOf(Spots.lat(83))).multiPart("long", String.valueOf(Spots.lon(83)))
                .multiPart("media", "x.jpg", "not an image".getBytes(), "image/jpeg")
                .post(BASE + "requests.json");
        bad.then().statusCode(400).body("[0].code", equalTo(400)).body("[0].description", containsString("media"));
    }

    @Test
    void postErrorsInBothFormats() {
        record Case(int status, String contains, Object[] params) {
        }
        String k = key();
        long reportsBefore = reportCount();
        List<Case> cases = List.of(
                new Case(403, "api_key", new Object[]{"service_code", Spots.POTHOLE, "lat", Spots.lat(91), "long", Spots.lon(91)}),
                new Case(403, "api_key", new Object[]{"api_key", "o311_wrong", "service_code", Spots.POTHOLE, "lat", Spots.lat(91), "long", Spots.lon(91)}),
                new Case(400, "service_code", new Object[]{"api_key", k, "lat", Spots.lat(91), "long", Spots.lon(91)}),
                new Case(400, "service_code", new Object[]{"api_key", k, "service_code", "nope", "lat", Spots.lat(91), "long", Spots.lon(91)}),
                new Case(400, "service_code", new Object[]{"api_key", k, "service_code", Spots.DISABLED, "lat", Spots.lat(91), "long", Spots.lon(91)}),
                new Case(400, "lat", new Object[]{"api_key", k, "service_code", Spots.POTHOLE}),
                new Case(400, "long", new Object[]{"api_key", k, "service_code", Spots.POTHOLE, "lat", Spots.lat(91)}),
                new Case(400, "lat", new Object[]{"api_key", k, "service_code", Spots.POTHOLE, "lat", "north", "long", Spots.lon(91)}),
                new Case(400, "Paris", new Object[]{"api_key", k, "service_code", Spots.POTHOLE, "lat", 45.764, "long", 4.8357}),
                new Case(400, "email", new Object[]{"api_key", k, "service_code", Spots.POTHOLE, "lat", Spots.lat(91), "long", Spots.lon(91), "email", "not-an-email"}),
                new Case(404, "99999", new Object[]{"api_key", k, "jurisdiction_id", "99999", "service_code", Spots.POTHOLE, "lat", Spots.lat(91), "long", Spots.lon(91)}));
        for (Case c : cases) {
            post("json", c.params()).then().statusCode(c.status()).contentType(startsWith("application/json"))
                    .body("$", hasSize(1))
                    .body("[0].code", equalTo(c.status()))
                    .body("[0].description", containsString(c.contains()));
            Response x = post("xml", c.params());
            x.then().statusCode(c.status()).contentType(startsWith("text/xml"));
            assertEquals(c.status(), Open311Xml.error(x.asString()));
        }
        // Not form-encoded: 415, still in the spec's form.
        given().contentType(ContentType.JSON).body(Map.of("api_key", k, "service_code", Spots.POTHOLE))
                .post(BASE + "requests.json").then().statusCode(415).contentType(startsWith("application/json"))
                .body("[0].code", equalTo(415));
        Response noBody = given().contentType(ContentType.TEXT).body("api_key=" + k).post(BASE + "requests.xml");
        noBody.then().statusCode(415).contentType(startsWith("text/xml"));
        assertEquals(415, Open311Xml.error(noBody.asString()));
        assertEquals(reportsBefore, reportCount(), "no refused request left a report");
    }

    @Test
    void revokedKeyIsRefused() {
        Open311Clients.Created c = clients.create("Revoked client", null, null, "test");
        post("json", "api_key", c.apiKey(), "service_code", Spots.POTHOLE, "lat", Spots.lat(92), "long", Spots.lon(92))
                .then().statusCode(200);
        clients.revoke(c.id(), null, "test");
        post("json", "api_key", c.apiKey(), "service_code", Spots.POTHOLE, "lat", Spots.lat(92), "long", Spots.lon(92))
                .then().statusCode(403).body("[0].code", equalTo(403));
    }

    @Test
    void searchFilters() {
        String a = (String) postAt(93, Spots.POTHOLE).get("service_request_id");
        String b = (String) postAt(94, Spots.BULKY).get("service_request_id");

        // Default: the last 90 days, newest first.
        List<String> all = given().get(BASE + "requests.json").then().statusCode(200).extract().jsonPath().getList("service_request_id");
        assertTrue(all.indexOf(b) >= 0 && all.indexOf(b) < all.indexOf(a), all.toString());

        // Ids override everything else, comma separated.
        given().queryParam("service_request_id", a + "," + b).queryParam("service_code", "nothing")
                .queryParam("start_date", "2001-01-01T00:00:00Z").get(BASE + "requests.json").then().statusCode(200)
                .body("service_request_id", equalTo(List.of(b, a)));
        given().queryParam("service_code", Spots.BULKY).get(BASE + "requests.json").then()
                .body("service_request_id", hasItem(b)).body("service_request_id", not(hasItem(a)));

        // Date range on requested_datetime (an offset with an unencoded '+' arrives as a space).
        String now = OffsetDateTime.now().plusMinutes(1).toString();
        given().queryParam("start_date", OffsetDateTime.now().minusHours(1).toString()).queryParam("end_date", now)
                .get(BASE + "requests.json").then().statusCode(200).body("service_request_id", hasItem(a));
        given().queryParam("start_date", "2020-01-01T00:00:00+01:00").queryParam("end_date", "2020-02-01")
                .get(BASE + "requests.json").then().statusCode(200).body("$", hasSize(0));
        given().urlEncodingEnabled(false).queryParam("start_date", "2020-01-01T00:00:00+01:00")
                .get(BASE + "requests.json").then().statusCode(200).body("$", hasSize(0));
        Response empty = given().queryParam("start_date", "2020-01-01").get(BASE + "requests.xml");
        empty.then().statusCode(200);
        assertTrue(items(parse(empty.asString()), "service_requests", "request").isEmpty());

        // Page size (an extension many servers share), at most 1000.
        given().queryParam("page_size", 1).get(BASE + "requests.json").then().body("$", hasSize(1))
                .body("[0].service_request_id", equalTo(all.get(0)));
        given().queryParam("page_size", 1).queryParam("page", 2).get(BASE + "requests.json").then()
                .body("[0].service_request_id", equalTo(all.get(1)));

        for (Map<String, String> bad : List.of(
                Map.of("start_date", "yesterday"),
                Map.of("start_date", "2026-01-01T00:00:00Z", "end_date", "2026-06-01T00:00:00Z"),
                Map.of("start_date", "2026-06-01T00:00:00Z", "end_date", "2026-05-01T00:00:00Z"),
                Map.of("status", "pending"),
                Map.of("page_size", "1001"),
                Map.of("page", "0"))) {
            given().queryParams(bad).get(BASE + "requests.json").then().statusCode(400)
                    .body("[0].code", equalTo(400));
            Response x = given().queryParams(bad).get(BASE + "requests.xml");
            x.then().statusCode(400);
            assertEquals(400, Open311Xml.error(x.asString()));
        }
    }

    @Test
    void unknownRequestAndTokenAre404() {
        for (String path : List.of("requests/SIG-1999-999999", "tokens/6b0f7f5e-0000-4000-8000-000000000000", "tokens/not-a-token")) {
            given().get(BASE + path + ".json").then().statusCode(404).body("[0].code", equalTo(404))
                    .body("[0].description", notNullValue());
            Response x = given().get(BASE + path + ".xml");
            x.then().statusCode(404).contentType(startsWith("text/xml"));
            assertEquals(404, Open311Xml.error(x.asString()));
        }
    }

    long reportCount() {
        return ((Number) sql("SELECT count(*) AS n FROM report").get("n")).longValue();
    }

    Map<String, Object> sql(String query, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ResultSet rs = ps.executeQuery();
            assertTrue(rs.next(), "no row for " + query);
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
            }
            return row;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
