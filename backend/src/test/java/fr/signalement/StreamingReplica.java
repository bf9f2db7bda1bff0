package fr.signalement;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL streaming replica for the tests: a primary cluster of its own (initdb, the
 * machine's Debian PostgreSQL 15 binaries, on a free port) holding the schema (Flyway, the app's
 * migrations), and a replica made from it with {@code pg_basebackup -R}, streaming from it. The
 * clusters run as the postgres user (PostgreSQL refuses root) under /tmp and are removed afterwards.
 * Without the binaries it says so (test.replica.available=false) and the tests using it skip.
 */
public class StreamingReplica implements QuarkusTestResourceLifecycleManager {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String DB = "signalement_13";

    private Path dir;
    private int primaryPort;
    private int replicaPort;

    public static boolean available() {
        return Files.isExecutable(BIN.resolve("pg_basebackup")) && Files.isExecutable(BIN.resolve("initdb"));
    }

    @Override
    public Map<String, String> start() {
        if (!available()) {
            return Map.of("test.replica.available", "false");
        }
        try {
            dir = Files.createTempDirectory("signalement-pg-13-");
            primaryPort = freePort();
            replicaPort = freePort();
            run("chown", "postgres:postgres", dir.toString());
            asPostgres(BIN.resolve("initdb") + " -D " + dir.resolve("primary") + " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8");
            startCluster("primary", primaryPort);
            String primaryUrl = "jdbc:postgresql://127.0.0.1:" + primaryPort + "/";
            sql(primaryUrl + "postgres", "CREATE DATABASE " + DB);
            sql(primaryUrl + DB, "CREATE EXTENSION IF NOT EXISTS postgis");
            Flyway.configure().dataSource(primaryUrl + DB, "postgres", "").locations("classpath:db/migration").load().migrate();
            asPostgres(BIN.resolve("pg_basebackup") + " -h 127.0.0.1 -p " + primaryPort + " -U postgres -D " + dir.resolve("replica")
                    + " -R -X stream -c fast");
            startCluster("replica", replicaPort);
            return Map.of("test.replica.available", "true",
                    "test.replica.primary-url", primaryUrl + DB,
                    "quarkus.datasource.reads.active", "true",
                    "quarkus.datasource.reads.jdbc.url", replicaUrl(),
                    "quarkus.datasource.reads.username", "postgres",
                    "quarkus.datasource.reads.password", "");
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    public String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + DB;
    }

    private void startCluster(String name, int port) {
        Path data = dir.resolve(name);
        asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -l " + dir.resolve(name + ".log") + " -w -t 120"
                + " -o \"-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40\" start");
    }

    /** Stops the replica only (the primary goes on): for a test of what happens when it is down. */
    public static void stopReplica(String replicaDataDir) {
        asPostgres(BIN.resolve("pg_ctl") + " -D " + replicaDataDir + " -m immediate -w stop");
    }

    public Path replicaDataDir() {
        return dir.resolve("replica");
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        for (String name : List.of("replica", "primary")) {
            if (Files.isDirectory(dir.resolve(name))) {
                try {
                    asPostgres(BIN.resolve("pg_ctl") + " -D " + dir.resolve(name) + " -m immediate -w stop");
                } catch (RuntimeException alreadyStopped) {
                    // the test stopped it
                }
            }
        }
        run("rm", "-rf", dir.toString());
    }

    public static void sql(String url, String statement) {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " on " + url, e);
        }
    }

    public static Object scalar(String url, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void asPostgres(String command) {
        if ("root".equals(System.getProperty("user.name"))) {
            run("runuser", "-u", "postgres", "--", "sh", "-c", command);
        } else {
            run("sh", "-c", command);
        }
    }

    private static void run(String... command) {
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
