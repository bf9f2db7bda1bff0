package fr.signalement.stats;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.StreamingReplica;
import fr.signalement.common.ReadDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import fr.signalement.Staff;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard reads from a real PostgreSQL streaming replica when one is configured, and from the
 * primary when the replica is down. Here the replica streams from a primary of its own (see
 * StreamingReplica) whose figures differ from the application's database: which one answered shows
 * in the figures. (Spots 32–33.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
@TestProfile(ReadReplicaTest.WithReplica.class)
class ReadReplicaTest {
    public static class WithReplica implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StreamingReplica.class));
        }
    }

    @Inject
    ReadDatabase reads;
    @ConfigProperty(name = "test.replica.available")
    boolean available;
    @ConfigProperty(name = "test.replica.primary-url", defaultValue = "none")
    String replicaPrimary;
    @ConfigProperty(name = "quarkus.datasource.reads.jdbc.url", defaultValue = "none")
    String replicaUrl;

    @Test
    void theDashboardReadsFromTheReplicaAndFromThePrimaryWhenTheReplicaIsDown() throws Exception {
        assumeTrue(available, "no PostgreSQL binaries under " + StreamingReplica.BIN);
        assertTrue(reads.replicaConfigured());
        Staff.Account supervisor = Staff.create("SUPERVISOR", null);
        // An open alert in the application's database (the primary of this backend).
        given().contentType("application/json").body("{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(32)
                + ",\"lon\":" + Spots.lon(32) + "}").post("/api/v1/reports").then().statusCode(201);

        // The replica streams: a row written on its primary arrives.
        StreamingReplica.sql(replicaPrimary, "CREATE TABLE replication_probe (n int); INSERT INTO replication_probe VALUES (42)");
        await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            try {
                return Integer.valueOf(42).equals(StreamingReplica.scalar(replicaUrl, "SELECT n FROM replication_probe"));
            } catch (java.sql.SQLException notYet) {
                return false;
            }
        });
        assertEquals(Boolean.TRUE, StreamingReplica.scalar(replicaUrl, "SELECT pg_is_in_recovery()"), "a replica, read-only");
        try (Connection c = reads.connection()) {
            assertEquals(Boolean.TRUE, scalar(c, "SELECT pg_is_in_recovery()"), "statistics connections go to the replica");
        }

        // From the replica: its database has no alert, whatever the application's holds.
        supervisor.as().accept("application/json").get("/api/v1/stats/backlog").then().statusCode(200).body("total.open", equalTo(0));

        // Replica down: the dashboard still answers, from the primary, with its alert.
        StreamingReplica.stopReplica(replicaDataDir());
        int open = supervisor.as().accept("application/json").get("/api/v1/stats/backlog").then().statusCode(200)
                .extract().path("total.open");
        assertTrue(open >= 1, "from the primary: " + open);
    }

    private static Object scalar(Connection c, String sql) throws java.sql.SQLException {
        try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private String replicaDataDir() {
        // jdbc:postgresql://127.0.0.1:PORT/DB → the data dir is found from the running cluster itself.
        try {
            return (String) StreamingReplica.scalar(replicaUrl, "SHOW data_directory");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
