package fr.signalement.agent.sync;

import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.Assume;

/**
 * The real backend for the sync engine tests, once per test JVM.
 *
 * <ul>
 *   <li>{@code -Dsignalement.backend.url=http://host:port}: use a backend that is already running
 *       (in demo mode, with the demo accounts).</li>
 *   <li>otherwise, when {@code signalement.backend.jar} (default
 *       {@code ../backend/target/quarkus-app/quarkus-run.jar}) exists and
 *       {@code signalement.backend.start} is not {@code false}: start it as a child process on a free
 *       port against a fresh PostgreSQL database (created with {@code PGHOST/PGPORT/PGUSER/PGPASSWORD},
 *       dropped at the end); extra JVM options for it in {@code signalement.backend.args}.</li>
 *   <li>if neither is possible, or if the backend does not serve the staff API yet (404 on
 *       {@code /api/v1/auth/login}), the tests are skipped with the reason, unless
 *       {@code -Dsignalement.backend.required=true}, which turns that into a failure (CI).</li>
 * </ul>
 */
public final class BackendFixture {
    private static String baseUrl;
    private static String unavailable;
    private static Process process;
    private static String database;

    private BackendFixture() { }

    /** The backend's base URL; skips (or fails, when required) the calling test if there is none. */
    public static synchronized String baseUrl() {
        if (baseUrl == null && unavailable == null) init();
        if (baseUrl == null) {
            if (Boolean.getBoolean("signalement.backend.required")) fail("Real backend required: " + unavailable);
            System.err.println("[BackendFixture] SKIPPING real-backend tests: " + unavailable);
            Assume.assumeTrue(unavailable, false);
        }
        return baseUrl;
    }

    private static void init() {
        String url = System.getProperty("signalement.backend.url", "").trim();
        try {
            if (url.isEmpty()) {
                if ("false".equals(System.getProperty("signalement.backend.start", "auto"))) {
                    unavailable = "no -Dsignalement.backend.url and signalement.backend.start=false";
                    return;
                }
                File jar = new File(System.getProperty("signalement.backend.jar", "../backend/target/quarkus-app/quarkus-run.jar"));
                if (!jar.isFile()) {
                    unavailable = "backend jar not built: " + jar.getAbsolutePath()
                            + " (build the backend first, or pass -Dsignalement.backend.url=...)";
                    return;
                }
                url = start(jar);
                // Robolectric tests load their own copy of this class (its sandbox class loader): the JVM's
                // system properties are shared, so every copy uses this backend instead of starting another.
                System.setProperty("signalement.backend.url", url);
            }
            url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            String[] login = request(url + "/api/v1/auth/login", "{\"username\":\"agent\",\"password\":\"agent-demo\"}", null);
            int loginStatus = Integer.parseInt(login[0]);
            if (loginStatus == 404 || loginStatus == 405) {
                unavailable = "the backend at " + url + " does not serve POST /api/v1/auth/login yet (HTTP " + loginStatus + ")";
                return;
            }
            if (loginStatus != 200) {
                unavailable = "demo account agent/agent-demo cannot sign in at " + url + " (HTTP " + loginStatus
                        + "): is the backend in demo mode?";
                return;
            }
            String token = new org.json.JSONObject(login[1]).getString("accessToken");
            int interventions = Integer.parseInt(request(url + "/api/v1/interventions", null, token)[0]);
            if (interventions == 404 || interventions == 405) {
                unavailable = "the backend at " + url + " does not serve GET /api/v1/interventions yet (HTTP " + interventions + ")";
                return;
            }
            baseUrl = url;
        } catch (Exception e) {
            unavailable = "cannot start/reach the backend: " + e;
            if (Boolean.getBoolean("signalement.backend.required")) throw new IllegalStateException(unavailable, e);
        }
    }

    private static String env(String key, String def) {
        String v = System.getProperty("signalement.test." + key.toLowerCase(Locale.ROOT));
        if (v == null) v = System.getenv(key);
        return v == null || v.isEmpty() ? def : v;
    }

    /**
     * A JDBC connection through the driver itself: in a Robolectric sandbox DriverManager refuses the
     * driver its class loader did not load ("No suitable driver").
     */
    private static Connection connect(String url, String user, String password) throws java.sql.SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        return new org.postgresql.Driver().connect(url, props);
    }

    private static String start(File jar) throws Exception {
        String host = env("PGHOST", "127.0.0.1");
        String port = env("PGPORT", "5432");
        String user = env("PGUSER", "postgres");
        String password = env("PGPASSWORD", "");
        database = "signalement_android_test_" + System.currentTimeMillis();
        try (Connection c = connect("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        int httpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpPort = socket.getLocalPort();
        }
        Path work = Files.createTempDirectory("signalement-backend");
        File backendDir = jar.getAbsoluteFile().getParentFile().getParentFile().getParentFile(); // backend/
        File geo = new File(backendDir.getParentFile(), "geo-data");
        List<String> cmd = new ArrayList<>();
        cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        cmd.add("-Xmx768m");
        cmd.add("-Dquarkus.http.port=" + httpPort);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        cmd.add("-Dsignalement.public-url=http://127.0.0.1:" + httpPort);
        // Every request of these tests comes from 127.0.0.1: the per-address rate limits are for the public.
        cmd.add("-Dsignalement.limits.enabled=false");
        if (geo.isDirectory()) cmd.add("-Dsignalement.packs.dir=" + geo.getAbsolutePath());
        cmd.add("-Dsignalement.photos.dir=" + work.resolve("photos"));
        String extra = System.getProperty("signalement.backend.args", "").trim();
        if (!extra.isEmpty()) for (String a : extra.split("\\s+")) cmd.add(a);
        cmd.add("-jar");
        cmd.add(jar.getAbsolutePath());
        File log = new File(System.getProperty("signalement.backend.log", "target/backend-for-tests.log"));
        log.getAbsoluteFile().getParentFile().mkdirs();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(backendDir).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log));
        pb.environment().put("PGHOST", host);
        pb.environment().put("PGPORT", port);
        pb.environment().put("PGUSER", user);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGDATABASE", database);
        pb.environment().putIfAbsent("QUARKUS_PROFILE", System.getProperty("signalement.backend.profile", "demo"));
        process = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(BackendFixture::stop));

        String url = "http://127.0.0.1:" + httpPort;
        // Generous: on a loaded 2-core CI machine the demo data alone takes minutes to replay.
        long deadline = System.currentTimeMillis() + Long.getLong("signalement.backend.startTimeoutMs", 600_000);
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("backend exited with " + process.exitValue() + ", see " + log.getAbsolutePath()
                        + ":\n" + tail(log));
            }
            try {
                if (status(url + "/api/v1/config", null) == 200) return url;
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("backend not ready after timeout, see " + log.getAbsolutePath() + ":\n" + tail(log));
    }

    private static String tail(File log) {
        try {
            List<String> lines = Files.readAllLines(log.toPath());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        if (database != null && !Boolean.getBoolean("signalement.backend.keepDatabase")) {
            try (Connection c = connect("jdbc:postgresql://" + env("PGHOST", "127.0.0.1") + ":"
                    + env("PGPORT", "5432") + "/postgres", env("PGUSER", "postgres"), env("PGPASSWORD", ""));
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (Exception ignored) {
                // best effort
            }
            database = null;
        }
    }

    /** {status, body} */
    private static String[] request(String url, String jsonBody, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10000);
        if (bearer != null) c.setRequestProperty("Authorization", "Bearer " + bearer);
        if (jsonBody != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(jsonBody.getBytes(StandardCharsets.UTF_8));
        }
        int s = c.getResponseCode();
        java.io.InputStream in = s >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new String[] {Integer.toString(s), body};
    }

    private static int status(String url, String jsonBody) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10000);
        if (jsonBody != null) {
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(jsonBody.getBytes(StandardCharsets.UTF_8));
        }
        int s = c.getResponseCode();
        c.disconnect();
        return s;
    }
}
