package fr.signalement.geo;

import fr.signalement.PostgisDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The catalogue left Flyway for the packs (issue #12): V3__seed_catalog.sql is now a comment. An
 * installation that applied the former V3 still starts (beforeValidate.sql realigns that one known
 * checksum), and any other change to an applied migration is still refused.
 */
class CatalogueMigrationTest {
    static final int FORMER_V3 = 1531717712;
    static final String DB = "sig_flyway_12_" + ProcessHandle.current().pid();
    static String url;

    @BeforeAll
    static void database() {
        url = PostgisDatabase.create(DB);
    }

    @AfterAll
    static void drop() {
        PostgisDatabase.drop(DB);
    }

    static Flyway flyway() {
        return Flyway.configure().dataSource(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""))
                .locations("classpath:db/migration").load();
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static void exec(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""));
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static int v3Checksum() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""));
             ResultSet rs = c.createStatement().executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '3'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void anInstallationThatRanTheFormerSeedStillMigratesAndOthersEditsAreStillRefused() throws SQLException {
        flyway().migrate();
        int current = v3Checksum();
        assertEquals(0, countCategories(), "a fresh database gets its catalogue from the packs, not from Flyway");

        // As an installation that applied the former V3 would have it.
        exec("UPDATE flyway_schema_history SET checksum = " + FORMER_V3 + " WHERE version = '3'");
        flyway().migrate();
        assertEquals(current, v3Checksum());
        flyway().validate();

        // Any other checksum of V3 is a real change: refused as ever.
        exec("UPDATE flyway_schema_history SET checksum = 42 WHERE version = '3'");
        assertThrows(FlywayException.class, () -> flyway().validate());
    }

    static long countCategories() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, env("PGUSER", "postgres"), env("PGPASSWORD", ""));
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM category")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
