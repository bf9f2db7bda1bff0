package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import fr.signalement.TestSql;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.signalement.open311.Open311Xml.items;
import static fr.signalement.open311.Open311Xml.names;
import static fr.signalement.open311.Open311Xml.parse;
import static fr.signalement.open311.Open311Xml.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mySociety's servicerequestupdates (GET and POST) driven as FixMyStreet drives them, extended
 * statuses, long id lists, 4,000-character descriptions, media_url failures and photo parts.
 * Spots 141–152 and 53–57 (160–169 are SupportTest's).
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311UpdatesTest extends AsOpen311Client {
    static final String BASE = "/open311/v2/";

    Staff.Account dispatcher;

    Staff.Account dispatcher() {
        if (dispatcher == null) {
            dispatcher = Staff.create("DISPATCHER", null);
        }
        return dispatcher;
    }

    static RequestSpecification form(Object... params) {
        RequestSpecification spec = given().contentType("application/x-www-form-urlencoded; charset=utf-8");
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.formParam((String) params[i], params[i + 1]);
        }
        return spec;
    }

    /** A request posted at spot i; its service_request_id. */
    String post(int spot, String service, Object... extra) {
        return postRequest(spot, service, extra).path("[0].service_request_id");
    }

    /** A request posted at spot i, answered 200; a name repeated in {@code extra} is sent once per value. */
    Response postRequest(int spot, String service, Object... extra) {
        List<Object> params = new ArrayList<>(List.of("api_key", key(), "service_code", service,
                "lat", Spots.lat(spot), "long", Spots.lon(spot)));
        params.addAll(List.of(extra));
        Response r = form(params.toArray()).post(BASE + "requests.json");
        r.then().statusCode(200);
        return r;
    }

    static long alertOf(String id) {
        return TestSql.count("SELECT alert_id FROM report WHERE tracking_number = ?", id);
    }

    void move(String id, Map<String, Object> to) {
        dispatcher().as().body(to).post("/api/v1/alerts/" + alertOf(id) + "/transitions").then().statusCode(200);
    }

    void resolve(String id, String service) {
        long team = Staff.team(service, "Équipe Open311 " + UUID.randomUUID(), List.of());
        for (Map<String, Object> step : List.<Map<String, Object>>of(Map.of("to", "QUALIFIED"),
                Map.of("to", "ASSIGNED", "teamId", team), Map.of("to", "IN_PROGRESS"),
                Map.of("to", "RESOLVED", "note", "Rebouché par l'équipe de M. Durand"))) {
            move(id, step);
        }
    }

    static List<Map<String, Object>> updates(Object... query) {
        RequestSpecification spec = given();
        for (int i = 0; i < query.length; i += 2) {
            spec = spec.queryParam((String) query[i], query[i + 1]);
        }
        Response r = spec.get(BASE + "servicerequestupdates.json");
        r.then().statusCode(200).contentType(startsWith("application/json"));
        return r.jsonPath().getList("$");
    }

    @Test
    void statusChangesComeBackAsUpdatesWithExtendedStatuses() {
        String since = OffsetDateTime.now().minusMinutes(10).toString();
        String fixed = post(141, Spots.POTHOLE, "description", "Nid de poule");
        String notOurs = post(142, Spots.BULKY);
        String forwarded = post(143, Spots.BAGS);
        String duplicate = post(144, Spots.SHUTTER_GRAFFITI);
        resolve(fixed, Spots.POTHOLE);
        move(notOurs, Map.of("to", "REJECTED", "reason", "NOT_COMPETENT", "note", "Voie privée de M. Martin"));
        move(forwarded, Map.of("to", "FORWARDED", "forwardedTo", "RATP"));
        move(duplicate, Map.of("to", "REJECTED", "reason", "DUPLICATE"));
        String ids = String.join(",", fixed, notOurs, forwarded, duplicate);
        // Times have a second's precision: on a fast machine everything above happens within one. The
        // first three reports and their steps are moved five minutes back, so that "from the last update
        // seen" below has something before it, whatever the machine's speed.
        for (String table : List.of("alert_event e SET at = e.at", "report e SET received_at = e.received_at")) {
            TestSql.exec("UPDATE " + table + " - interval '5 minutes' WHERE e.alert_id IN "
                    + "(SELECT alert_id FROM report WHERE tracking_number IN (?, ?, ?))", fixed, notOurs, forwarded);
        }

        List<Map<String, Object>> all = updates("start_date", since, "service_request_id", ids);
        assertEquals(List.of("investigating", "action_scheduled", "in_progress", "fixed"), statuses(all, fixed));
        assertEquals(List.of("not_councils_responsibility"), statuses(all, notOurs));
        assertEquals(List.of("internal_referral"), statuses(all, forwarded));
        assertEquals(List.of("duplicate"), statuses(all, duplicate));
        assertEquals(7, all.size());
        assertEquals(7, new HashSet<>(all.stream().map(u -> u.get("update_id")).toList()).size(), "update ids are unique");
        for (Map<String, Object> u : all) {
            assertEquals(List.of("update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"),
                    List.copyOf(u.keySet()));
            assertFalse(((String) u.get("description")).isBlank());
            // Staff notes are written to reporters, not to the public.
            assertFalse(((String) u.get("description")).contains("Durand"));
            assertFalse(((String) u.get("description")).contains("Martin"));
        }
        Map<String, Object> referral = all.stream().filter(u -> forwarded.equals(u.get("service_request_id"))).findFirst().orElseThrow();
        assertEquals("Transmis à RATP.", referral.get("description"));
        // Oldest first, so a client can resume from the last updated_datetime it saw.
        List<OffsetDateTime> times = all.stream().map(u -> OffsetDateTime.parse((String) u.get("updated_datetime"))).toList();
        for (int i = 1; i < times.size(); i++) {
            assertFalse(times.get(i).isBefore(times.get(i - 1)), times.toString());
        }
        // Incremental fetching: from the last one seen, nothing before it comes back.
        String last = (String) all.get(all.size() - 1).get("updated_datetime");
        List<Map<String, Object>> after = updates("start_date", last, "service_request_id", ids);
        assertTrue(after.size() >= 1 && after.size() < all.size(), after.toString());
        // Paged.
        assertEquals(List.of(all.get(1)), updates("start_date", since, "service_request_id", ids, "page_size", 1, "page", 2));

        // The same in XML, in the element names FixMyStreet reads.
        Response x = given().queryParam("start_date", since).queryParam("service_request_id", ids)
                .get(BASE + "servicerequestupdates.xml");
        x.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> xml = items(parse(x.asString()), "service_requests_updates", "request_update");
        assertEquals(all.size(), xml.size());
        assertEquals(List.of("update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"),
                names(xml.get(0)));
        assertEquals(all.get(0).get("update_id"), text(xml.get(0), "update_id"));

        // GET requests keeps the specification's open/closed, and says what closed means.
        given().get(BASE + "requests/" + notOurs + ".json").then().statusCode(200)
                .body("[0].status", equalTo("closed"))
                .body("[0].extended_attributes.status", equalTo("not_councils_responsibility"));
        given().get(BASE + "requests/" + fixed + ".json").then()
                .body("[0].extended_attributes.status", equalTo("fixed"));
        Element req = items(parse(given().get(BASE + "requests/" + forwarded + ".xml").asString()), "service_requests", "request").get(0);
        assertEquals("internal_referral", text((Element) req.getElementsByTagName("extended_attributes").item(0), "status"));

        for (Map<String, String> bad : List.of(Map.of("start_date", "hier"), Map.of("page_size", "0"),
                Map.of("start_date", "2026-01-01T00:00:00Z", "end_date", "2026-12-01T00:00:00Z"))) {
            given().queryParams(bad).get(BASE + "servicerequestupdates.json").then().statusCode(400)
                    .body("[0].code", equalTo(400));
            Response bx = given().queryParams(bad).get(BASE + "servicerequestupdates.xml");
            bx.then().statusCode(400).contentType(startsWith("text/xml"));
            assertEquals(400, Open311Xml.error(bx.asString()));
        }
    }

    static List<Object> statuses(List<Map<String, Object>> updates, String id) {
        return updates.stream().filter(u -> id.equals(u.get("service_request_id"))).map(u -> u.get("status")).toList();
    }

    @Test
    void aReporterUpdateThatSaysNotFixedReopensAndIsNotShownTwice() {
        String since = OffsetDateTime.now().minusSeconds(2).toString();
        String id = post(145, Spots.POTHOLE);
        resolve(id, Spots.POTHOLE);

        // FixMyStreet posts the reporter's "still not fixed" as status OPEN, with its own fields.
        Response r = given().multiPart("api_key", key()).multiPart("service_request_id", id)
                .multiPart("status", "OPEN").multiPart("description", "Toujours un trou, ma voiture y est tombée")
                .multiPart("updated_datetime", OffsetDateTime.now().toString()).multiPart("update_id", "fms-77")
                .multiPart("first_name", "Jeanne").multiPart("last_name", "Quidam").multiPart("email", "jeanne@example.org")
                .multiPart("media", "trou.jpg", media.jpeg, "image/jpeg")
                .post(BASE + "servicerequestupdates.xml");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> posted = items(parse(r.asString()), "service_request_updates", "request_update");
        assertEquals(1, posted.size());
        String updateId = text(posted.get(0), "update_id");

        assertEquals("QUALIFIED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertOf(id)));
        assertEquals(1L, TestSql.count("SELECT reopened_count FROM alert WHERE id = ?", alertOf(id)));
        assertEquals(1L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id
                WHERE r.tracking_number = ? AND p.kind = 'REPORT' AND p.published_at IS NULL""", id),
                "the photo is kept for staff, unpublished");
        // The reopening comes back in the list under the id the POST answered: a client skips it.
        List<Map<String, Object>> list = updates("start_date", since, "service_request_id", id);
        Map<String, Object> reopened = list.get(list.size() - 1);
        assertEquals(updateId, reopened.get("update_id"));
        assertEquals("open", reopened.get("status"));
        assertFalse(((String) reopened.get("description")).contains("voiture"), "the reporter's words stay theirs");

        // A comment on an open request is kept for staff and changes nothing else.
        String comment = form("api_key", key(), "service_request_id", id, "status", "OPEN",
                "description", "Il y a aussi un pavé descellé").post(BASE + "servicerequestupdates.json")
                .then().statusCode(200).body("$", hasSize(1)).extract().path("[0].update_id");
        assertFalse(comment.equals(updateId));
        assertEquals("Il y a aussi un pavé descellé", TestSql.scalar(
                "SELECT note FROM alert_event WHERE alert_id = ? AND type = 'CITIZEN_UPDATE' ORDER BY id DESC LIMIT 1", alertOf(id)));
        assertEquals("QUALIFIED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertOf(id)));
        assertEquals(list.size(), updates("start_date", since, "service_request_id", id).size(),
                "a comment is not a public update");

        // Past the reopen window, "not fixed" is a comment: the alert stays resolved.
        String late = post(146, Spots.POTHOLE);
        resolve(late, Spots.POTHOLE);
        TestSql.exec("UPDATE alert SET resolved_at = now() - interval '30 days' WHERE id = ?", alertOf(late));
        form("api_key", key(), "service_request_id", late, "status", "OPEN", "description", "Pas réparé")
                .post(BASE + "servicerequestupdates.json").then().statusCode(200);
        assertEquals("RESOLVED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertOf(late)));

        record Case(int status, String contains, Object[] params) {
        }
        for (Case c : List.of(
                new Case(403, "api_key", new Object[]{"service_request_id", id, "status", "OPEN"}),
                new Case(403, "api_key", new Object[]{"api_key", "o311_nope", "service_request_id", id}),
                new Case(400, "service_request_id", new Object[]{"api_key", key(), "status", "OPEN"}),
                new Case(404, "SIG-1999-000001", new Object[]{"api_key", key(), "service_request_id", "SIG-1999-000001"}),
                new Case(400, "status", new Object[]{"api_key", key(), "service_request_id", id, "status", "PENDING"}),
                new Case(400, "description", new Object[]{"api_key", key(), "service_request_id", id,
                        "description", "x".repeat(4001)}))) {
            form(c.params()).post(BASE + "servicerequestupdates.json").then().statusCode(c.status())
                    .body("[0].code", equalTo(c.status())).body("[0].description", containsString(c.contains()));
            Response x = form(c.params()).post(BASE + "servicerequestupdates.xml");
            x.then().statusCode(c.status()).contentType(startsWith("text/xml"));
            assertEquals(c.status(), Open311Xml.error(x.asString()));
        }
    }

    @Test
    void aThousandIdsArePolledAndMoreAreRefusedInTheSpecsForm() {
        String real = post(147, Spots.BULKY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            ids.add(String.format("SIG-2001-%06d", i));
        }
        ids.add(real);
        given().queryParam("service_request_id", String.join(",", ids)).get(BASE + "requests.json").then()
                .statusCode(200).body("service_request_id", equalTo(List.of(real)));
        ids.add("SIG-2001-999999");
        for (String format : List.of("json", "xml")) {
            Response r = given().queryParam("service_request_id", String.join(",", ids)).get(BASE + "requests." + format);
            r.then().statusCode(400);
            assertTrue(r.asString().contains("1001"), r.asString());
        }
        given().queryParam("service_request_id", String.join(",", ids)).get(BASE + "servicerequestupdates.json").then()
                .statusCode(400).body("[0].code", equalTo(400));
        // A client polling every report it ever sent (FixMyStreet's older mode): 6,000 ids make a request
        // line of ~108 KB, which the HTTP server lets through so that the answer is the specification's.
        while (ids.size() < 6000) {
            ids.add(String.format("SIG-2002-%06d", ids.size()));
        }
        Response x = given().queryParam("service_request_id", String.join(",", ids)).get(BASE + "requests.xml");
        x.then().statusCode(400).contentType(startsWith("text/xml"));
        assertEquals(400, Open311Xml.error(x.asString()));
        assertTrue(x.asString().contains("6000"), x.asString());
    }

    @Test
    void aRangeWithMoreUpdatesThanAPageIsNeverCutForAClientThatDoesNotPage() {
        String since = OffsetDateTime.now().minusSeconds(5).toString();
        String id = post(57, Spots.BULKY);
        // A nightly job (closing resolved alerts) can change more alerts at once than a page holds; FixMyStreet
        // asks for the last two hours without paging. 1,200 steps of one alert stand for them here.
        String steps = """
                INSERT INTO alert_event (alert_id, at, type, actor, from_status, to_status)
                SELECT alert_id, now(), 'TRANSITION', 'SYSTEM', 'QUALIFIED', 'ASSIGNED'
                FROM report, generate_series(1, ?) WHERE tracking_number = ?""";
        TestSql.exec(steps, 1200, id);
        List<Map<String, Object>> all = updates("start_date", since, "service_request_id", id);
        assertEquals(1200, all.size());
        assertEquals(1200, new HashSet<>(all.stream().map(u -> u.get("update_id")).toList()).size());
        assertEquals(1000, updates("start_date", since, "service_request_id", id, "page_size", 1000).size());
        assertEquals(all.subList(1000, 1200),
                updates("start_date", since, "service_request_id", id, "page_size", 1000, "page", 2));
        // Past signalement.open311.max-updates-unpaged (1,500 in tests): refused in the spec's form, not cut.
        TestSql.exec(steps, 400, id);
        for (String format : List.of("json", "xml")) {
            Response r = given().queryParam("start_date", since).queryParam("service_request_id", id)
                    .get(BASE + "servicerequestupdates." + format);
            r.then().statusCode(400);
            assertTrue(r.asString().contains("1500") && r.asString().contains("page_size"), r.asString());
        }
        assertEquals(600, updates("start_date", since, "service_request_id", id, "page_size", 1000, "page", 2).size());
    }

    @Test
    void aCommentSentWithTheStateFixMyStreetLastFetchedReopensNothing() {
        String id = post(53, Spots.POTHOLE);
        resolve(id, Spots.POTHOLE);
        // With extended statuses on, FixMyStreet sends the state its report is in: a report it still shows
        // "in progress" (it had not fetched the resolution yet), or fixed, gets a comment, not a reopening.
        for (String status : List.of("IN_PROGRESS", "INVESTIGATING", "ACTION_SCHEDULED", "FIXED", "CLOSED")) {
            form("api_key", key(), "service_request_id", id, "status", status, "description", "Merci, c'est noté ("
                    + status + ")", "update_id", "fms-" + status, "first_name", "Jeanne", "last_name", "Quidam")
                    .post(BASE + "servicerequestupdates.xml").then().statusCode(200);
            assertEquals("RESOLVED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertOf(id)), status);
        }
        assertEquals(5L, TestSql.count("SELECT count(*) FROM alert_event WHERE alert_id = ? AND type = 'CITIZEN_UPDATE'",
                alertOf(id)));
        // "Still not fixed" with a body that marks reopenings (REOPEN) reopens.
        form("api_key", key(), "service_request_id", id, "status", "REOPEN", "description", "Toujours là")
                .post(BASE + "servicerequestupdates.xml").then().statusCode(200);
        assertEquals("QUALIFIED", TestSql.scalar("SELECT status FROM alert WHERE id = ?", alertOf(id)));
    }

    @Test
    void descriptionsOfFourThousandCharactersAreTaken() {
        String text = "é".repeat(4000);
        String id = post(148, Spots.BULKY, "description", text);
        assertEquals(text, TestSql.scalar("SELECT description FROM report WHERE tracking_number = ?", id));
        form("api_key", key(), "service_code", Spots.BULKY, "lat", Spots.lat(148), "long", Spots.lon(148),
                "description", text + "x").post(BASE + "requests.json").then().statusCode(400)
                .body("[0].description", containsString("4000"));
    }

    @Test
    void aMediaUrlThatFailsKeepsTheReportAndSaysWhy() {
        for (String url : List.of(media.url("/missing.jpg"), media.url("/broken.jpg"))) {
            Response r = form("api_key", key(), "service_code", Spots.BULKY, "lat", Spots.lat(149), "long", Spots.lon(149),
                    "media_url", url).post(BASE + "requests.json");
            r.then().statusCode(200).body("[0].service_notice", containsString("Photo non reçue"));
            String id = r.path("[0].service_request_id");
            assertEquals(0L, TestSql.count("""
                    SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""", id));
            String why = (String) TestSql.scalar("""
                    SELECT e.note FROM alert_event e JOIN report r ON r.id = e.report_id
                    WHERE r.tracking_number = ? AND e.type = 'PHOTO_MISSING'""", id);
            assertTrue(why != null && why.contains(url), why);
        }
        // A media_url that works still brings its photo.
        String ok = post(150, Spots.BULKY, "media_url", media.url("/street.jpg"));
        assertEquals(1L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""", ok));
    }

    @Test
    void severalMediaUrlsAreAllTakenAndEachFailureIsNoted() {
        // FixMyStreet with several photos sends media_url once per photo.
        Response r = postRequest(54, Spots.BULKY, "media_url", media.url("/street.jpg"), "media_url", media.url("/missing.jpg"),
                "media_url", media.url("/broken.jpg"), "media_url", media.url("/street.jpg"));
        r.then().body("[0].service_notice", containsString("Photo non reçue (2 sur 4"));
        String id = r.path("[0].service_request_id");
        assertEquals(2L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""", id));
        String notes = (String) TestSql.scalar("""
                SELECT string_agg(e.note, ' | ' ORDER BY e.id) FROM alert_event e JOIN report r ON r.id = e.report_id
                WHERE r.tracking_number = ? AND e.type = 'PHOTO_MISSING'""", id);
        assertTrue(notes.contains(media.url("/missing.jpg")) && notes.contains(media.url("/broken.jpg"))
                && notes.split(" \\| ").length == 2, notes);
        // More than a report may hold (signalement.photos.max-per-report, 3): the first three, and a word on the rest.
        String street = media.url("/street.jpg");
        Response many = postRequest(55, Spots.BULKY, "media_url", street, "media_url", street, "media_url", street,
                "media_url", street);
        many.then().body("[0].service_notice", containsString("au plus 3 photos"));
        assertEquals(3L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""",
                (String) many.path("[0].service_request_id")));
    }

    @Test
    void photoPartsNamedPhotoAndPhotoNAreAllTaken() {
        Response r = given().multiPart("api_key", key()).multiPart("service_code", Spots.BULKY)
                .multiPart("lat", String.valueOf(Spots.lat(151))).multiPart("long", String.valueOf(Spots.lon(151)))
                .multiPart("photo1", "a.jpg", media.jpeg, "image/jpeg").multiPart("photo2", "b.jpg", media.jpeg, "image/jpeg")
                .post(BASE + "requests.json");
        r.then().statusCode(200);
        assertEquals(2L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""",
                (String) r.path("[0].service_request_id")));
        Response single = given().multiPart("api_key", key()).multiPart("service_code", Spots.BULKY)
                .multiPart("lat", String.valueOf(Spots.lat(152))).multiPart("long", String.valueOf(Spots.lon(152)))
                .multiPart("photo", "a.jpg", media.jpeg, "image/jpeg").post(BASE + "requests.json");
        single.then().statusCode(200);
        assertEquals(1L, TestSql.count("""
                SELECT count(*) FROM photo p JOIN report r ON r.id = p.report_id WHERE r.tracking_number = ?""",
                (String) single.path("[0].service_request_id")));
        // Any other file part is refused, not dropped without a word.
        given().multiPart("api_key", key()).multiPart("service_code", Spots.BULKY)
                .multiPart("lat", String.valueOf(Spots.lat(152))).multiPart("long", String.valueOf(Spots.lon(152)))
                .multiPart("attachment", "a.jpg", media.jpeg, "image/jpeg").post(BASE + "requests.json")
                .then().statusCode(400).body("[0].description", containsString("attachment"));
    }

    @Test
    void refusalsMadeBeforeTheResourceRunsAreInTheSpecsFormToo() {
        // A client that forgets to encode a '%' (a description saying "100%"): the form cannot be read.
        Response x = given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .body("api_key=" + key() + "&service_code=" + Spots.BULKY + "&description=Bouché à 100%")
                .post(BASE + "requests.xml");
        x.then().statusCode(400).contentType(startsWith("text/xml"));
        assertEquals(400, Open311Xml.error(x.asString()));
        given().contentType("application/x-www-form-urlencoded; charset=utf-8").body("service_request_id=SIG%ZZ")
                .post(BASE + "servicerequestupdates.json").then().statusCode(400)
                .contentType(startsWith("application/json")).body("[0].code", equalTo(400));
        // A method no route takes.
        Response patch = given().contentType("application/x-www-form-urlencoded").body("a=b").patch(BASE + "requests.xml");
        patch.then().statusCode(405).contentType(startsWith("text/xml"));
        assertEquals(405, Open311Xml.error(patch.asString()));
    }

    @Test
    void aBodyOverItsBoundIsRefusedInTheSpecsForm() {
        String huge = "x".repeat(300 * 1024);
        Response r = form("api_key", key(), "service_request_id", "SIG-1", "description", huge)
                .post(BASE + "servicerequestupdates.xml");
        r.then().statusCode(413).contentType(startsWith("text/xml"));
        assertEquals(413, Open311Xml.error(r.asString()));
        form("api_key", key(), "description", huge).post(BASE + "requests.json").then().statusCode(413)
                .contentType(startsWith("application/json")).body("[0].code", equalTo(413));
    }
}
