package fr.signalement.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization matrix (issue #11): every endpoint of the running application's OpenAPI
 * document, called anonymously, by each role, and with the token of a deactivated and of a deleted
 * account. The table says who may pass (an answer other than 401/403: a 400 or 404 for the made-up
 * ids and empty bodies used here still means the gate opened). A new endpoint missing from the table
 * fails the test: whoever adds it must say who may call it.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class AuthorizationMatrixTest {
    enum Caller { ANONYMOUS, AGENT, DISPATCHER, SUPERVISOR, ADMIN, DEACTIVATED, DELETED }

    static final Set<Caller> EVERYONE = EnumSet.of(Caller.ANONYMOUS, Caller.AGENT, Caller.DISPATCHER, Caller.SUPERVISOR, Caller.ADMIN);
    static final Set<Caller> STAFF = EnumSet.of(Caller.AGENT, Caller.DISPATCHER, Caller.SUPERVISOR, Caller.ADMIN);
    static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    static final Set<Caller> DESK = EnumSet.of(Caller.DISPATCHER, Caller.SUPERVISOR, Caller.ADMIN);
    static final Set<Caller> DISPATCH = EnumSet.of(Caller.DISPATCHER, Caller.ADMIN);
    static final Set<Caller> MAYOR = EnumSet.of(Caller.SUPERVISOR, Caller.ADMIN);
    static final Set<Caller> FIELD = EnumSet.of(Caller.AGENT);

    static final Map<String, Set<Caller>> MATRIX = new LinkedHashMap<>();

    static {
        allow(ADMIN, "PUT /api/v1/admin/categories/{code}", "GET /api/v1/admin/open311-clients",
                "POST /api/v1/admin/open311-clients", "DELETE /api/v1/admin/open311-clients/{id}",
                "PUT /api/v1/admin/services/{id}", "POST /api/v1/admin/teams", "GET /api/v1/admin/users",
                "POST /api/v1/admin/users", "GET /api/v1/audit", "GET /api/v1/admin/packs", "POST /api/v1/admin/packs/{name}");
        allow(DESK, "GET /api/v1/agents", "GET /api/v1/services", "GET /api/v1/teams", "GET /api/v1/alerts",
                "GET /api/v1/alerts/{id}");
        allow(DISPATCH, "POST /api/v1/alerts/{id}/merge", "POST /api/v1/alerts/{id}/split",
                "POST /api/v1/alerts/{id}/transitions", "POST /api/v1/alerts/{id}/messages", "GET /api/v1/alerts/{id}/messages",
                "PUT /api/v1/alerts/{id}/reports/{reportId}/publication",
                "DELETE /api/v1/alerts/{id}/reports/{reportId}/publication",
                "PUT /api/v1/alerts/{id}/photos/{key}/publication", "DELETE /api/v1/alerts/{id}/photos/{key}/publication",
                "PUT /api/v1/alerts/{id}/photos/{key}/blur", "POST /api/v1/alerts/{id}/forwarding/retry");
        allow(MAYOR, "GET /api/v1/stats/backlog", "GET /api/v1/stats/deduplication", "GET /api/v1/stats/reopened",
                "GET /api/v1/stats/response-times", "GET /api/v1/stats/trend");
        allow(FIELD, "GET /api/v1/interventions", "GET /api/v1/interventions/{id}",
                "POST /api/v1/interventions/{id}/actions", "POST /api/v1/interventions/{id}/photos",
                "GET /api/v1/field/settings", "POST /api/v1/field/devices", "GET /api/v1/field/events");
        allow(STAFF, "POST /api/v1/devices");
        allow(EVERYONE, "GET /api/v1/alerts/nearby", "POST /api/v1/alerts/{id}/support",
                "POST /api/v1/auth/login", "POST /api/v1/auth/logout", "POST /api/v1/auth/refresh",
                "GET /api/v1/categories", "GET /api/v1/config", "GET /api/v1/geo/commune", "GET /api/v1/geo/communes", "GET /api/v1/geo/quartiers",
                "GET /api/v1/geo/addresses", "GET /api/v1/geo/addresses/nearest", "GET /tiles/{z}/{x}/{y}",
                "GET /api/v1/photos/{key}", "GET /api/v1/photos/{key}/thumbnail",
                "POST /api/v1/reports", "GET /api/v1/reports/{trackingNumber}",
                "DELETE /api/v1/reports/{trackingNumber}/contact", "POST /api/v1/reports/{trackingNumber}/push",
                "POST /api/v1/reports/{trackingNumber}/reopen", "GET /manifest.webmanifest",
                "GET /open311/v2/discovery.{format}", "GET /open311/v2/requests.{format}",
                "POST /open311/v2/requests.{format}", "GET /open311/v2/requests/{id}.{format}",
                "GET /open311/v2/services.{format}", "GET /open311/v2/services/{code}.{format}",
                "GET /open311/v2/tokens/{token}.{format}",
                "GET /open311/v2/servicerequestupdates.{format}", "POST /open311/v2/servicerequestupdates.{format}",
                "GET /api/v1/open-data/alertes.csv", "GET /api/v1/open-data/alertes.geojson");
    }

    static void allow(Set<Caller> who, String... endpoints) {
        for (String e : endpoints) {
            MATRIX.put(e, who);
        }
    }

    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    record Endpoint(String method, String path, String bodyType) {
        String key() {
            return method + " " + path;
        }

        String concretePath() {
            return path.replace("{id}", "999999").replace("{reportId}", "999999")
                    .replace("{key}", UUID.randomUUID().toString()).replace("{code}", "inconnu").replace("{name}", "inconnu").replace("{format}", "json")
                    .replace("{trackingNumber}", "SIG-2000-999999").replace("{token}", UUID.randomUUID().toString())
                    .replace("{z}", "14").replace("{x}", "8299").replace("{y}", "5636");
        }
    }

    List<Endpoint> endpoints() throws Exception {
        JsonNode doc = json.readTree(given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString());
        List<Endpoint> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            var p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                if (!Set.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                JsonNode content = op.getValue().path("requestBody").path("content");
                String type = content.has("application/json") ? "application/json"
                        : content.has("multipart/form-data") ? "multipart/form-data"
                        : content.has("application/x-www-form-urlencoded") ? "application/x-www-form-urlencoded"
                        : content.fieldNames().hasNext() ? content.fieldNames().next() : null;
                out.add(new Endpoint(op.getKey().toUpperCase(), p.getKey(), type));
            }
        }
        return out;
    }

    @Test
    void everyEndpointLetsInExactlyWhoTheTableSays() throws Exception {
        List<Endpoint> endpoints = endpoints();
        Set<String> documented = new TreeSet<>();
        endpoints.forEach(e -> documented.add(e.key()));
        assertEquals(new TreeSet<>(MATRIX.keySet()), documented,
                "every endpoint of /q/openapi must be in the authorization table, and only those");

        Map<Caller, String> tokens = new LinkedHashMap<>();
        tokens.put(Caller.AGENT, Staff.create("AGENT", Staff.team(Spots.POTHOLE, "Matrice " + UUID.randomUUID(), List.of())).token());
        tokens.put(Caller.DISPATCHER, Staff.create("DISPATCHER", null).token());
        tokens.put(Caller.SUPERVISOR, Staff.create("SUPERVISOR", null).token());
        tokens.put(Caller.ADMIN, Staff.create("ADMIN", null).token());
        Staff.Account deactivated = Staff.create("ADMIN", null);
        Staff.Account deleted = Staff.create("ADMIN", null);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE staff_user SET active = false WHERE id = :id").setParameter("id", deactivated.id()).executeUpdate();
            em.createNativeQuery("DELETE FROM staff_user WHERE id = :id").setParameter("id", deleted.id()).executeUpdate();
        });
        tokens.put(Caller.DEACTIVATED, deactivated.token());
        tokens.put(Caller.DELETED, deleted.token());

        // Open311 posts carry a client application's api_key (a credential of its own, not a staff role).
        String apiKey = given().header("Authorization", "Bearer " + tokens.get(Caller.ADMIN)).contentType("application/json")
                .body(Map.of("name", "Matrice", "contactEmail", "matrice@example.org")).post("/api/v1/admin/open311-clients")
                .then().statusCode(201).extract().path("apiKey");

        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints) {
            Set<Caller> allowed = MATRIX.get(e.key());
            for (Caller c : Caller.values()) {
                int status = call(e, tokens.get(c), apiKey);
                if (status >= 500) {
                    wrong.add(e.key() + " as " + c + ": " + status + " (a server error is never an answer)");
                    continue;
                }
                boolean passed = status != 401 && status != 403;
                boolean refusedWith401 = status == 401;
                if (c == Caller.DEACTIVATED || c == Caller.DELETED) {
                    if (!refusedWith401) {
                        wrong.add(e.key() + " as " + c + ": " + status + " (expected 401)");
                    }
                } else if (passed != allowed.contains(c)) {
                    wrong.add(e.key() + " as " + c + ": " + status + (passed ? " (should be refused)" : " (should pass)"));
                } else if (!passed && c == Caller.ANONYMOUS && status != 401) {
                    wrong.add(e.key() + " as " + c + ": " + status + " (anonymous refusals are 401)");
                }
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static int call(Endpoint e, String token, String apiKey) {
        RequestSpecification r = given().redirects().follow(false);
        if (token != null) {
            r = r.header("Authorization", "Bearer " + token);
        }
        if (e.bodyType() != null) {
            r = switch (e.bodyType()) {
                case "multipart/form-data" -> r.multiPart("api_key", apiKey);
                case "application/x-www-form-urlencoded" -> r.contentType("application/x-www-form-urlencoded").formParam("api_key", apiKey);
                default -> r.contentType(e.bodyType()).body("{}");
            };
        }
        return r.request(e.method(), e.concretePath()).statusCode();
    }
}
