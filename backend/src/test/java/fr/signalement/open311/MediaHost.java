package fr.signalement.open311;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A web server on 127.0.0.1 holding what an Open311 client's {@code media_url} may point at: a real street
 * photo, a redirect to it, a "JPEG" that is not one, an HTML page; anything else is 404.
 */
final class MediaHost implements AutoCloseable {
    private final HttpServer server;
    final byte[] jpeg;

    MediaHost() {
        try (InputStream in = MediaHost.class.getResourceAsStream("/photos/street.jpg")) {
            jpeg = in.readAllBytes();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/street.jpg", x -> send(x, "image/jpeg", jpeg));
        server.createContext("/broken.jpg", x -> send(x, "image/jpeg", "not really a jpeg".getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/page.html", x -> send(x, "text/html", "<html>not an image</html>".getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/street.jpg");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
    }

    /** The address of {@code path} on this host. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static void send(HttpExchange x, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
