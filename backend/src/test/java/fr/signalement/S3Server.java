package fr.signalement;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real S3 server for the tests: s3proxy (Maven Central, copied to target/s3proxy by the build)
 * in its own process, keeping its objects on disk under target/, with one bucket. No Docker, no mock.
 */
public class S3Server implements QuarkusTestResourceLifecycleManager {
    public static final String BUCKET = "photos";
    public static final String IDENTITY = "signalement-test";
    public static final String CREDENTIAL = "signalement-test-secret";

    private Process process;
    private Path dir;
    private int port;

    /** Starts one on a free port; answers its endpoint. */
    public String startServer() {
        try {
            Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the Maven build copies it (generate-test-resources)");
            }
            dir = Files.createDirectories(Path.of("target/s3-" + ProcessHandle.current().pid() + "-" + System.nanoTime())).toAbsolutePath();
            Files.createDirectories(dir.resolve("data").resolve(BUCKET));
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data")) + "\n");
            process = new ProcessBuilder("java", "-Xmx256m", "-jar", jar.toString(), "--properties", conf.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
            waitUntilUp();
            return endpoint();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the bucket's objects are, on disk (to show photos land there). */
    public Path bucketDir() {
        return dir.resolve("data").resolve(BUCKET);
    }

    private void waitUntilUp() throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(1000);
                c.getResponseCode(); // any answer (403 without credentials) means it is serving
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not start within 2 minutes");
    }

    public void stopServer() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // target/ is cleaned by the build anyway.
            }
        }
    }

    @Override
    public Map<String, String> start() {
        String endpoint = startServer();
        return Map.of("signalement.photos.store", "s3",
                "signalement.photos.s3.endpoint", endpoint,
                "signalement.photos.s3.bucket", BUCKET,
                "signalement.photos.s3.access-key", IDENTITY,
                "signalement.photos.s3.secret-key", CREDENTIAL,
                "test.s3.bucket-dir", bucketDir().toString());
    }

    @Override
    public void stop() {
        stopServer();
    }
}
