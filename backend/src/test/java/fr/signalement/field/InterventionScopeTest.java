package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.staff.StaffUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.inject.spi.CDI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.signalement.field.FieldCrew.action;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an agent sees of their team's alerts, page by page, and replays of their actions. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class InterventionScopeTest {
    FieldCrew crew;

    @BeforeEach
    void setUp() {
        crew = new FieldCrew("Voirie portée");
    }

    /** A pothole alert assigned to the test's team, a few metres apart per index so each opens its own. */
    int assigned(int spot, int i) {
        return crew.assignedAlert(Spots.latNorth(spot, i * 50.0), Spots.lon(spot), "Trou " + i);
    }

    @Test
    void aClientActionIdReplaysOnlyTheSameAction() {
        int id = assigned(174, 0);
        long v = crew.version(id);
        Map<String, Object> note = action("NOTE", v, "text", "Balisage posé");
        crew.agent.as().body(note).post("/api/v1/interventions/" + id + "/actions").then().statusCode(200)
                .body("replayed", equalTo(false));
        // The same action again (baseVersion may have moved on in the queue): a replay.
        Map<String, Object> again = new HashMap<>(note);
        again.put("baseVersion", v + 1);
        crew.agent.as().body(again).post("/api/v1/interventions/" + id + "/actions").then().statusCode(200)
                .body("replayed", equalTo(true));
        // Another action under the same id: refused, and not recorded.
        Map<String, Object> other = new HashMap<>(note);
        other.put("text", "Trou rebouché");
        crew.agent.as().body(other).post("/api/v1/interventions/" + id + "/actions").then().statusCode(422)
                .contentType("application/problem+json").body("field", equalTo("clientActionId"));
        Map<String, Object> start = new HashMap<>(note);
        start.put("type", "START");
        crew.agent.as().body(start).post("/api/v1/interventions/" + id + "/actions").then().statusCode(422);
        crew.agent.as().get("/api/v1/interventions/" + id).then().body("status", equalTo("ASSIGNED"))
                .body("work.notes.text", equalTo(List.of("Balisage posé")));
        // The same id on another alert of the team is another action too.
        int second = assigned(174, 1);
        crew.agent.as().body(note).post("/api/v1/interventions/" + second + "/actions").then().statusCode(422);
    }

    @Test
    void anAfterPhotoIdReplaysOnlyTheSamePhoto() throws Exception {
        int id = assigned(175, 0);
        byte[] street;
        byte[] small;
        try (InputStream a = getClass().getResourceAsStream("/photos/street.jpg");
             InputStream b = getClass().getResourceAsStream("/photos/small.png")) {
            street = a.readAllBytes();
            small = b.readAllBytes();
        }
        String actionId = UUID.randomUUID().toString();
        crew.agent.as().contentType("multipart/form-data").multiPart("photo", "after.jpg", street, "image/jpeg")
                .multiPart("clientActionId", actionId).post("/api/v1/interventions/" + id + "/photos").then().statusCode(201);
        crew.agent.as().contentType("multipart/form-data").multiPart("photo", "after.jpg", street, "image/jpeg")
                .multiPart("clientActionId", actionId).post("/api/v1/interventions/" + id + "/photos").then().statusCode(200)
                .body("replayed", equalTo(true));
        crew.agent.as().contentType("multipart/form-data").multiPart("photo", "other.png", small, "image/png")
                .multiPart("clientActionId", actionId).post("/api/v1/interventions/" + id + "/photos").then().statusCode(422)
                .body("field", equalTo("clientActionId"));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().body("afterPhotos.size()", equalTo(1));
    }

    @Test
    void agentsSeeOnlyWhatTheyCanActOn() {
        int taken = assigned(176, 0);
        int closed = assigned(176, 1);
        int working = assigned(176, 2);
        crew.agent.as().get("/api/v1/interventions").then().statusCode(200).body("id", hasItem(taken));
        // Taken back by the dispatcher: no longer the team's work.
        crew.dispatcher.as().body(Map.of("to", "QUALIFIED")).post("/api/v1/alerts/" + taken + "/transitions").then().statusCode(200);
        // Resolved then closed: history, not work.
        crew.agent.as().body(action("RESOLVE", crew.version(closed), "lat", Spots.latNorth(176, 50), "lon", Spots.lon(176),
                "fixAt", java.time.Instant.now().toString()))
                .post("/api/v1/interventions/" + closed + "/actions").then().statusCode(200);
        crew.agent.as().get("/api/v1/interventions").then().body("id", hasItem(closed)); // resolved today: the day's work done
        crew.dispatcher.as().body(Map.of("to", "CLOSED")).post("/api/v1/alerts/" + closed + "/transitions").then().statusCode(200);
        crew.agent.as().body(action("START", crew.version(working))).post("/api/v1/interventions/" + working + "/actions")
                .then().statusCode(200);

        crew.agent.as().get("/api/v1/interventions").then().statusCode(200)
                .body("id", not(hasItem(taken))).body("id", not(hasItem(closed))).body("id", hasItem(working));
        crew.agent.as().get("/api/v1/interventions/" + taken).then().statusCode(404);
        crew.agent.as().get("/api/v1/interventions/" + closed).then().statusCode(404);
        crew.agent.as().get("/api/v1/interventions/" + working).then().statusCode(200);
        for (String status : new String[]{"NEW", "QUALIFIED", "CLOSED", "REJECTED", "FORWARDED", "IN_PROGRESS,CLOSED"}) {
            crew.agent.as().queryParam("status", status).get("/api/v1/interventions").then().statusCode(400)
                    .contentType("application/problem+json").body("field", equalTo("status"))
                    .body("detail", containsString("ASSIGNED"));
        }
        crew.agent.as().queryParam("status", "IN_PROGRESS").get("/api/v1/interventions").then().statusCode(200)
                .body("id", equalTo(List.of(working)));
    }

    static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Test
    void theListComesInPagesLinkedByNext() {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(assigned(177, i));
        }
        List<Integer> seen = new ArrayList<>();
        String url = "/api/v1/interventions?limit=2";
        int pages = 0;
        while (url != null) {
            Response r = crew.agent.as().get(url);
            r.then().statusCode(200);
            List<Integer> page = r.path("id");
            assertTrue(page.size() <= 2);
            seen.addAll(page);
            pages++;
            String link = r.header("Link");
            Matcher m = link == null ? null : NEXT.matcher(link);
            url = m != null && m.find() ? m.group(1) : null;
            assertTrue(pages <= 5, "paging ends");
        }
        assertEquals(ids, seen, "every intervention once, by due date");
        assertEquals(3, pages);
        // Without a limit: one default page; the app follows next anyway.
        Response all = crew.agent.as().get("/api/v1/interventions");
        assertEquals(ids, all.path("id"));
        assertNull(all.header("Link"));
        crew.agent.as().queryParam("limit", 0).get("/api/v1/interventions").then().statusCode(400).body("field", equalTo("limit"));
        crew.agent.as().queryParam("limit", 100_000).get("/api/v1/interventions").then().statusCode(400).body("field", equalTo("limit"));
        crew.agent.as().queryParam("after", "n'importe quoi").get("/api/v1/interventions").then().statusCode(400)
                .body("field", equalTo("after"));
    }

    @Test
    void aPageCostsAFewQueriesWhateverItsLength() {
        Interventions interventions = CDI.current().select(Interventions.class).get();
        StaffUser me = QuarkusTransaction.requiringNew().call(() -> StaffUser.findById(crew.agent.id()));
        assigned(178, 0);
        assigned(178, 1);
        int two = CountingStatements.counting(() -> assertEquals(2, interventions.page(me, null, null, null, 100).items().size()));
        for (int i = 2; i < 8; i++) {
            assigned(178, i);
        }
        int eight = CountingStatements.counting(() -> assertEquals(8, interventions.page(me, null, null, null, 100).items().size()));
        assertEquals(two, eight, "statements for 2 interventions vs 8");
        assertTrue(eight <= 8, "a handful of set-based queries, was " + eight);
    }
}
