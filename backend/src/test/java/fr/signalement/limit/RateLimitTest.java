package fr.signalement.limit;

import fr.signalement.PostgisDatabase;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate limits themselves, with limits low enough to reach (the other tests run with limits out of
 * reach). Buckets refill at one token per ten minutes, so nothing refills while the test runs.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {
    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            put(m, "anonymous-write.per-address", 3);
            put(m, "open311-write", 5);
            put(m, "anonymous-read.global", 1_000_000);
            put(m, "login.per-address", 4);
            put(m, "login-account", 2);
            return m;
        }

        private static void put(Map<String, String> m, String rule, int capacity) {
            // Both spellings: the %test values of application.properties win over unprefixed overrides.
            for (String prefix : new String[]{"", "%test."}) {
                m.put(prefix + "signalement.limits." + rule + ".capacity", String.valueOf(capacity));
                m.put(prefix + "signalement.limits." + rule + ".per-minute", "0.1");
            }
        }
    }

    private static final AtomicInteger NEXT = new AtomicInteger(1);

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    java.util.Optional<String> dbPassword;

    /** A fresh client address, as the commune's trusted reverse proxy (127.0.0.1 here) reports it. */
    static String address() {
        return "198.51.100." + NEXT.getAndIncrement();
    }

    static Response report(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON).body("{}").post("/api/v1/reports");
    }

    @Test
    void aFourthReportFromOneAddressIsRefusedWith429AndRetryAfter() {
        String citizen = address();
        for (int i = 0; i < 3; i++) {
            assertNotEquals(429, report(citizen).statusCode(), "within the limit");
        }
        Response refused = report(citizen);
        assertEquals(429, refused.statusCode());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 600, "Retry-After " + retryAfter);
        assertEquals(retryAfter, refused.jsonPath().getLong("retryAfterSeconds"));
        assertTrue(refused.jsonPath().getString("detail").contains("réessayez"), refused.asString());

        // Another citizen behind the same proxy is not affected: the proxy's X-Forwarded-For is believed.
        assertNotEquals(429, report(address()).statusCode());
        // Every anonymous write shares the address's bucket, whatever the endpoint…
        given().header("X-Forwarded-For", citizen).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/alerts/1/support").then().statusCode(429);
        // …but Open311's: a client application posts for a whole city from one address, in its own bucket.
        given().header("X-Forwarded-For", citizen).contentType(ContentType.URLENC).formParam("service_code", "x")
                .post("/open311/v2/requests.xml").then().statusCode(org.hamcrest.Matchers.not(429));
    }

    @Test
    void open311ClientsAreToldInTheirOwnErrorFormat() {
        String client = address();
        // More than a citizen may send (3 here), up to the Open311 bucket (5 here).
        for (int i = 0; i < 5; i++) {
            given().header("X-Forwarded-For", client).contentType(ContentType.URLENC).formParam("service_code", "x")
                    .post("/open311/v2/requests.xml").then().statusCode(org.hamcrest.Matchers.not(429));
        }
        given().header("X-Forwarded-For", client).contentType(ContentType.URLENC).formParam("service_code", "x")
                .post("/open311/v2/requests.xml").then().statusCode(429)
                .contentType(startsWith("text/xml")).header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("errors.error.code", equalTo("429"));
        given().header("X-Forwarded-For", client).contentType(ContentType.URLENC).formParam("service_code", "x")
                .post("/open311/v2/requests.json").then().statusCode(429)
                .body("[0].code", equalTo(429)).body("[0].description", containsString("réessayez"));
    }

    @Test
    void theBucketIsSharedThroughPostgresqlByEveryReplica() throws Exception {
        String citizen = address();
        // Another replica (its own connection to the same database) takes the address's tokens…
        try (Connection other = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword.orElse(""))) {
            for (int i = 0; i < 3; i++) {
                assertTrue(take(other, "write:" + citizen), "token " + (i + 1));
            }
            // …so this replica refuses the address's first request,
            report(citizen).then().statusCode(429);
            // and what this replica counted, the other sees too.
            String second = address();
            for (int i = 0; i < 3; i++) {
                assertNotEquals(429, report(second).statusCode());
            }
            assertFalse(take(other, "write:" + second));
        }
    }

    private static boolean take(Connection c, String bucket) throws Exception {
        try (PreparedStatement s = c.prepareStatement(RateLimiter.TAKE)) {
            s.setString(1, bucket);
            s.setDouble(2, 3);
            s.setDouble(3, 0.1 / 60);
            s.setDouble(4, 3);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean("allowed");
            }
        }
    }

    @Test
    void signInIsLimitedPerUsernameAndAddressAndPerAddress() {
        Staff.Account a = Staff.create("DISPATCHER", null);
        String attacker = address();
        for (int i = 0; i < 2; i++) {
            login(attacker, a.username(), "wrong").then().statusCode(401);
        }
        login(attacker, a.username(), "wrong").then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // The dispatcher at her own desk is not locked out by the attacker's address.
        login(address(), a.username(), a.password()).then().statusCode(200);
        // One address cannot spray many usernames: the per-address sign-in bucket (4) runs out.
        login(attacker, "other-" + UUID.randomUUID().toString().substring(0, 6), "wrong").then().statusCode(401);
        login(attacker, "other-" + UUID.randomUUID().toString().substring(0, 6), "wrong").then().statusCode(429);
    }

    static Response login(String address, String username, String password) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/v1/auth/login");
    }
}
