package fr.signalement;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged backend ({@code target/quarkus-app}, built by {@code mvn package} before failsafe runs the
 * ITs) started as its own process on a test database, configured the way an operator does: by
 * environment variables.
 */
public final class PackagedBackend implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final List<Process> RUNNING = new CopyOnWriteArrayList<>();

    static {
        // Whatever happens to the test JVM, the backends it started go with it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    public final String name;
    public final int port;
    public final String jdbcUrl;
    public final Process process;
    public final Path log;

    private PackagedBackend(String name, int port, String jdbcUrl, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.jdbcUrl = jdbcUrl;
        this.process = process;
        this.log = log;
    }

    /** A port nobody listens on now, for a backend whose address must be known before it starts. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts backend {@code name} on {@code port} and the database at {@code jdbcUrl}, with Paris's pack, its
     * own photo folder, the published development token key (a throwaway database) and no rate limits (every
     * client here is 127.0.0.1, and whether a bucket has refilled depends on the clock; limit/RateLimitTest
     * tests them). {@code extra} adds or overrides environment variables.
     */
    public static PackagedBackend start(String name, int port, String jdbcUrl, String heap, Map<String, String> extra)
            throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), "the packaged backend is missing: run mvn package first (" + jar.toAbsolutePath() + ")");
        Path log = Path.of("target/backend-" + name + ".log").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_PROFILE", "prod");
        env.put("SIGNALEMENT_ALLOW_DEV_KEYS", "true");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", PostgisDatabase.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", PostgisDatabase.password());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("SIGNALEMENT_PACKS_DIR", Path.of("../geo-data").toAbsolutePath().normalize().toString());
        env.put("SIGNALEMENT_PHOTOS_DIR", Path.of("target/backend-photos-" + name).toAbsolutePath().toString());
        env.put("SIGNALEMENT_PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("SIGNALEMENT_LIMITS_ENABLED", "false");
        env.putAll(extra);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        RUNNING.add(p);
        return new PackagedBackend(name, port, jdbcUrl, p, log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Waits until readiness answers 200; fails with the log's end if the process exits or the bound passes. */
    public PackagedBackend awaitReady(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("backend " + name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        fail("backend " + name + " not ready within " + bound.toSeconds() + " s:\n" + tail());
        return this;
    }

    /** The last 40 lines of the backend's log, for a failure message. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Stops the backend as systemd would (SIGTERM), then kills it if it does not stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
    }
}
