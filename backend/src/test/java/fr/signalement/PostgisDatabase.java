package fr.signalement;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A fresh PostgreSQL database with PostGIS for one test run, on the server given by the usual
 * PG* variables (default 127.0.0.1:5432, user postgres). No Docker needed; dropped afterwards.
 */
public class PostgisDatabase implements QuarkusTestResourceLifecycleManager {
    private String name;

    static String host() {
        return env("PGHOST", "127.0.0.1") + ":" + env("PGPORT", "5432");
    }

    static String user() {
        return env("PGUSER", "postgres");
    }

    static String password() {
        return env("PGPASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Creates an empty database with PostGIS; returns its JDBC URL. */
    public static String create(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host() + "/postgres", user(), password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database on " + host(), e);
        }
        String url = "jdbc:postgresql://" + host() + "/" + name;
        try (Connection c = DriverManager.getConnection(url, user(), password()); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS postgis");
        } catch (SQLException e) {
            throw new IllegalStateException("PostGIS is not available on " + host(), e);
        }
        return url;
    }

    public static void drop(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host() + "/postgres", user(), password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // A leftover test database is harmless; the next run of the same name drops it.
        }
    }

    @Override
    public Map<String, String> start() {
        name = "signalement_test_" + ProcessHandle.current().pid();
        return Map.of("quarkus.datasource.jdbc.url", create(name),
                "quarkus.datasource.username", user(),
                "quarkus.datasource.password", password());
    }

    @Override
    public void stop() {
        drop(name);
    }
}
