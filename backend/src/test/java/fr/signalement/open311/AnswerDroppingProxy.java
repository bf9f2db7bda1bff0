package fr.signalement.open311;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * An HTTP proxy on 127.0.0.1 in front of a real Open311 server that loses answers, as a proxy restarting
 * or a connection cut does: the first {@code drops} POSTs of {@code requests.json} reach the server, which
 * stores them, and the proxy then closes the connection without a byte of the answer. Every other request
 * goes through both ways. It counts the POSTs the server received.
 */
final class AnswerDroppingProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
            "keep-alive", "upgrade", "expect");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String target;
    private int drops;
    private int posts;

    /**
     * @param target the server's base, e.g. {@code http://localhost:8081}: the path and query asked of the
     *               proxy are asked of it
     */
    AnswerDroppingProxy(String target, int drops) {
        this.target = target.replaceAll("/+$", "");
        this.drops = drops;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::relay);
        server.start();
    }

    /** The proxy's address for {@code path} of the server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The POSTs of requests.json the server received, answered or not. */
    synchronized int posts() {
        return posts;
    }

    private void relay(HttpExchange x) throws IOException {
        byte[] body = x.getRequestBody().readAllBytes();
        URI uri = URI.create(target + x.getRequestURI().getRawPath()
                + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        x.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            x.close();
            return;
        }
        boolean drop;
        synchronized (this) {
            boolean post = "POST".equals(x.getRequestMethod()) && uri.getPath().endsWith("/requests.json");
            posts += post ? 1 : 0;
            drop = post && drops > 0;
            drops -= drop ? 1 : 0;
        }
        if (drop) {
            // The server stored the request; the client never learns it: the connection closes, no status line.
            x.close();
            return;
        }
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                x.getResponseHeaders().put(name, values);
            }
        });
        x.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(answer.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
