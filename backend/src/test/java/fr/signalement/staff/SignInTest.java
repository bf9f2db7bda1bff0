package fr.signalement.staff;

import fr.signalement.PostgisDatabase;
import fr.signalement.Staff;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Issue #11 items 1, 4e and 8: lockout under parallel attempts, indistinguishable refusals, live account checks. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class SignInTest {
    @Inject
    EntityManager em;

    static Response login(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login");
    }

    @Test
    void fiftyParallelWrongPasswordsLockTheAccountAndTheRightOneIsThenRefused() throws Exception {
        Staff.Account a = Staff.create("DISPATCHER", null);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Callable<Response>> attempts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            attempts.add(() -> login(a.username(), "wrong-" + Math.random()));
        }
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> f : pool.invokeAll(attempts)) {
                answers.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        for (Response r : answers) {
            assertEquals(401, r.statusCode(), r.asString());
        }
        Object[] state = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "SELECT failed_logins, locked_until FROM staff_user WHERE id = :id").setParameter("id", a.id()).getSingleResult());
        // Every failure that found the account still open is counted under the row lock (before, parallel
        // attempts all read the same count and none locked). Attempts that start once it is locked are
        // refused without being counted, and how many do depends on the machine's scheduling: so the count
        // lies between the lock threshold (5) and 50, and exactly one attempt locked it (audit below).
        int counted = ((Number) state[0]).intValue();
        assertTrue(counted >= 5 && counted <= 50, "failures counted: " + counted);
        assertNotNull(state[1], "the account is locked");

        Response right = login(a.username(), a.password());
        assertEquals(401, right.statusCode(), "the right password is refused while the account is locked");
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM audit_log WHERE action = 'auth.locked' AND actor_id = :id")
                .setParameter("id", a.id()).getSingleResult()).longValue()), "the lock is audited once");
    }

    @Test
    void unknownUserWrongPasswordLockedAndDeactivatedAnswerAlike() {
        Staff.Account wrong = Staff.create("AGENT", Staff.team(fr.signalement.Spots.POTHOLE, "T-" + System.nanoTime(), List.of()));
        Staff.Account locked = Staff.create("DISPATCHER", null);
        Staff.Account inactive = Staff.create("DISPATCHER", null);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("UPDATE staff_user SET locked_until = now() + interval '1 hour' WHERE id = :id")
                    .setParameter("id", locked.id()).executeUpdate();
            em.createNativeQuery("UPDATE staff_user SET active = false WHERE id = :id")
                    .setParameter("id", inactive.id()).executeUpdate();
        });
        List<Response> answers = List.of(
                login("nobody-" + System.nanoTime(), "whatever-password"),
                login(wrong.username(), "not-the-password"),
                login(locked.username(), locked.password()),
                login(inactive.username(), inactive.password()));
        Set<String> bodies = new java.util.HashSet<>();
        for (Response r : answers) {
            assertEquals(401, r.statusCode(), r.asString());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            assertEquals(null, r.header("Retry-After"));
            bodies.add(r.asString());
        }
        assertEquals(1, bodies.size(), "one and the same answer: " + bodies);
    }

    @Test
    void aTokenWhoseUidIsNotANumberIsRefusedWith401() {
        String forged = Jwt.issuer("signalement").upn("x").subject("x").groups(Set.of("ADMIN"))
                .claim("uid", "not-a-number").expiresIn(300).sign();
        given().header("Authorization", "Bearer " + forged).get("/api/v1/admin/users")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
        given().header("Authorization", "Bearer " + forged).get("/api/v1/categories")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
    }

    @Test
    void deactivatedDeletedAndDemotedAccountsLoseTheirAccessAtOnce() {
        Staff.Account supervisor = Staff.create("SUPERVISOR", null);
        given().header("Authorization", "Bearer " + supervisor.token()).get("/api/v1/stats/backlog").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE staff_user SET active = false WHERE id = :id")
                .setParameter("id", supervisor.id()).executeUpdate());
        given().header("Authorization", "Bearer " + supervisor.token()).get("/api/v1/stats/backlog")
                .then().statusCode(401).contentType(startsWith("application/problem+json"));

        Staff.Account deleted = Staff.create("DISPATCHER", null);
        given().header("Authorization", "Bearer " + deleted.token()).get("/api/v1/services").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("DELETE FROM staff_service WHERE user_id = :id").setParameter("id", deleted.id()).executeUpdate();
            em.createNativeQuery("DELETE FROM staff_user WHERE id = :id").setParameter("id", deleted.id()).executeUpdate();
        });
        given().header("Authorization", "Bearer " + deleted.token()).get("/api/v1/services").then().statusCode(401);

        Staff.Account admin = Staff.create("ADMIN", null);
        given().header("Authorization", "Bearer " + admin.token()).get("/api/v1/admin/users").then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE staff_user SET roles = '{SUPERVISOR}' WHERE id = :id")
                .setParameter("id", admin.id()).executeUpdate());
        given().header("Authorization", "Bearer " + admin.token()).get("/api/v1/admin/users").then().statusCode(403);
        given().header("Authorization", "Bearer " + admin.token()).get("/api/v1/stats/backlog").then().statusCode(200);
    }

    @Test
    void aRotatedRefreshTokenPresentedAgainEndsTheWholeSession() {
        Staff.Account a = Staff.create("DISPATCHER", null);
        Response first = login(a.username(), a.password());
        String access = first.path("accessToken");
        String r1 = first.path("refreshToken");
        String r2 = given().contentType(ContentType.JSON).body(Map.of("refreshToken", r1)).post("/api/v1/auth/refresh")
                .then().statusCode(200).extract().path("refreshToken");
        given().header("Authorization", "Bearer " + access).get("/api/v1/services").then().statusCode(200);

        // r1 was stolen and is replayed: refused, and the legitimate holder's r2 and access token die with it.
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", r1)).post("/api/v1/auth/refresh")
                .then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", r2)).post("/api/v1/auth/refresh")
                .then().statusCode(401);
        given().header("Authorization", "Bearer " + access).get("/api/v1/services").then().statusCode(401);
        // Other sessions of the same account are untouched.
        given().header("Authorization", "Bearer " + a.token()).get("/api/v1/services").then().statusCode(200);
    }

    @Test
    void logoutEndsTheSessionsAccessTokensToo() {
        Staff.Account a = Staff.create("DISPATCHER", null);
        Response session = login(a.username(), a.password());
        String access = session.path("accessToken");
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", (String) session.path("refreshToken")))
                .post("/api/v1/auth/logout").then().statusCode(204);
        given().header("Authorization", "Bearer " + access).get("/api/v1/services").then().statusCode(401)
                .body("status", equalTo(401));
    }
}
