package fr.signalement.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for Google: the OAuth token endpoint (service account JWT
 * bearer grant) and FCM HTTP v1 {@code messages:send}. It records what the Firebase Admin SDK
 * actually sent; tokens listed in {@link #unregistered} are answered as FCM answers for a token
 * that no longer exists.
 */
public class FakeFcm {
    public static final String ACCESS_TOKEN = "ya29.fake-access-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request to messages:send. */
    public record Sent(String path, String authorization, JsonNode body) {
        public JsonNode message() {
            return body.path("message");
        }
    }

    private final HttpServer server;
    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    public final List<String> tokenGrants = new CopyOnWriteArrayList<>();
    public final Set<String> unregistered = ConcurrentHashMap.newKeySet();

    public FakeFcm() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v1/projects/", this::send);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    /** What was sent to one device token. */
    public List<JsonNode> messagesTo(String token) {
        List<JsonNode> out = new ArrayList<>();
        for (Sent s : sent) {
            if (token.equals(s.message().path("token").asText())) {
                out.add(s.message());
            }
        }
        return out;
    }

    private void token(HttpExchange ex) throws IOException {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String grant = "";
        for (String pair : form.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals("grant_type") && kv.length > 1) {
                grant = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        tokenGrants.add(grant);
        reply(ex, 200, "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private void send(HttpExchange ex) throws IOException {
        JsonNode body = JSON.readTree(ex.getRequestBody());
        String path = ex.getRequestURI().getPath();
        sent.add(new Sent(path, ex.getRequestHeaders().getFirst("Authorization"), body));
        String token = body.path("message").path("token").asText();
        if (!path.endsWith("/messages:send") || !"POST".equals(ex.getRequestMethod())) {
            reply(ex, 404, "{\"error\":{\"code\":404,\"message\":\"not found\",\"status\":\"NOT_FOUND\"}}");
        } else if (unregistered.contains(token)) {
            reply(ex, 404, """
                    {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND",
                     "details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}
                    """);
        } else {
            reply(ex, 200, "{\"name\":\"projects/signalement-test/messages/" + sent.size() + "\"}");
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
