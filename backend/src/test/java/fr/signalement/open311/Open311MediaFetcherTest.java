package fr.signalement.open311;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The media_url fetcher's limits, against a local HTTP server (no Quarkus needed). */
class Open311MediaFetcherTest {
    static final byte[] IMAGE = new byte[20_000];
    static Vertx vertx;
    static HttpServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        IMAGE[0] = (byte) 0xFF;
        IMAGE[1] = (byte) 0xD8;
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, IMAGE.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(IMAGE);
            }
        });
        server.createContext("/big.jpg", x -> {
            // No Content-Length: the limit must hold while streaming.
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (Exception ignored) {
                // The client hung up, as it should.
            }
        });
        server.createContext("/declared-big.jpg", x -> {
            x.getResponseHeaders().add("Content-Type", "image/jpeg");
            x.sendResponseHeaders(200, 50_000_000L);
            x.close();
        });
        server.createContext("/slow.jpg", x -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.createContext("/loop", x -> {
            x.getResponseHeaders().add("Location", "/loop");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/to-ok", x -> {
            x.getResponseHeaders().add("Location", base + "/ok.jpg");
            x.sendResponseHeaders(301, -1);
            x.close();
        });
        server.createContext("/text", x -> {
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.sendResponseHeaders(200, 2);
            try (OutputStream out = x.getResponseBody()) {
                out.write("hi".getBytes());
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        vertx.close();
    }

    static MediaFetcher fetcher(boolean allowPrivate) {
        return new MediaFetcher(vertx, new MediaFetcher.Limits(allowPrivate, 1_000_000, Duration.ofSeconds(2),
                Duration.ofMillis(800), Duration.ofSeconds(5), 3));
    }

    @Test
    void fetchesAnImageFollowingRedirects() throws Exception {
        try (MediaFetcher f = fetcher(true)) {
            MediaFetcher.Fetched got = f.fetch(base + "/to-ok");
            try {
                assertEquals(IMAGE.length, got.size());
                assertEquals("image/jpeg", got.contentType());
                assertArrayEquals(IMAGE, Files.readAllBytes(got.file()));
            } finally {
                Files.deleteIfExists(got.file());
            }
        }
    }

    @Test
    void refusesLoopbackAndPrivateAddressesUnlessAllowed() {
        try (MediaFetcher f = fetcher(false)) {
            for (String url : new String[]{base + "/ok.jpg", "http://localhost:" + server.getAddress().getPort() + "/ok.jpg",
                    "http://10.1.2.3/x.jpg", "http://192.168.1.1/x.jpg", "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/x.jpg", "http://0.0.0.0/x.jpg", "http://[::ffff:127.0.0.1]/x.jpg"}) {
                MediaFetcher.Refused e = assertThrows(MediaFetcher.Refused.class, () -> f.fetch(url), url);
                assertTrue(e.getMessage().contains("privée ou locale"), e.getMessage());
            }
        }
    }

    @Test
    void internalRanges() throws Exception {
        for (String ip : new String[]{"127.0.0.1", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.0.1", "169.254.1.1",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::1", "fc00::2",
                "::ffff:10.0.0.1", "64:ff9b::a00:1", "198.18.0.1"}) {
            assertTrue(MediaFetcher.isInternal(InetAddress.getByName(ip)), ip);
        }
        for (String ip : new String[]{"93.184.216.34", "8.8.8.8", "172.32.0.1", "2a00:1450:4007:80e::200e", "100.128.0.1"}) {
            assertFalse(MediaFetcher.isInternal(InetAddress.getByName(ip)), ip);
        }
    }

    @Test
    void redirectsAreCheckedAgainAndLimited() {
        try (MediaFetcher f = fetcher(true)) {
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/loop")).getMessage().contains("redirections"));
        }
    }

    @Test
    void onlyHttpImagesWithinSizeAndTime() {
        try (MediaFetcher f = fetcher(true)) {
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch("ftp://127.0.0.1/x.jpg")).getMessage().contains("http"));
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch("file:///etc/passwd")).getMessage().contains("http"));
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/text")).getMessage().contains("image"));
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/big.jpg")).getMessage().contains("dépasse"));
            assertTrue(assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/declared-big.jpg")).getMessage().contains("dépasse"));
            long start = System.nanoTime();
            MediaFetcher.Refused slow = assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/slow.jpg"));
            assertTrue(System.nanoTime() - start < 2_500_000_000L, "read timeout applies");
            assertTrue(slow.getMessage().contains("téléchargement") || slow.getMessage().contains("délai"), slow.getMessage());
            assertThrows(MediaFetcher.Refused.class, () -> f.fetch(base + "/missing.jpg"));
        }
    }
}
