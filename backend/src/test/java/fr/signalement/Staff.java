package fr.signalement;

import fr.signalement.staff.Accounts;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.EntityManager;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Real staff accounts for tests, created through the same code as the admin API and signed in
 * through the real login endpoint: every request carries a genuine RS256 token.
 */
public final class Staff {
    private Staff() {
    }

    public record Account(long id, String username, String password, String token, Long teamId) {
        public RequestSpecification as() {
            return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
        }
    }

    public static Account create(String role, Long teamId) {
        String username = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "secret-" + username;
        Accounts accounts = CDI.current().select(Accounts.class).get();
        List<Long> services = role.equals("DISPATCHER") ? allServices() : null;
        long id = accounts.create(new Accounts.NewAccount(username, "Test " + username, username + "@mairie.example",
                password, List.of(role), teamId, services)).id;
        return login(id, username, password, teamId);
    }

    public static Account login(long id, String username, String password, Long teamId) {
        String token = given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("accessToken");
        return new Account(id, username, password, token, teamId);
    }

    @SuppressWarnings("unchecked")
    public static List<Long> allServices() {
        return QuarkusTransaction.requiringNew().call(() -> CDI.current().select(EntityManager.class).get()
                .createNativeQuery("SELECT id FROM service", Long.class).getResultList());
    }

    /** A team of the service in charge of the category, created for the test. */
    public static long team(String categoryCode, String name, List<String> sectors) {
        return QuarkusTransaction.requiringNew().call(() -> {
            EntityManager em = CDI.current().select(EntityManager.class).get();
            long teamId = ((Number) em.createNativeQuery("""
                    INSERT INTO team (service_id, name) SELECT service_id, :n FROM category WHERE code = :c RETURNING id
                    """).setParameter("n", name).setParameter("c", categoryCode).getSingleResult()).longValue();
            for (String s : sectors) {
                em.createNativeQuery("INSERT INTO team_sector (team_id, sector_code) VALUES (:t, :s)")
                        .setParameter("t", teamId).setParameter("s", s).executeUpdate();
            }
            return teamId;
        });
    }
}
