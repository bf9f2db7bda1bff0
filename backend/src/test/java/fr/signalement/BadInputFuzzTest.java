package fr.signalement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never gets a 5xx. Every operation of the running app's OpenAPI document (so a new
 * endpoint is fuzzed without touching this test) receives a fixed list of hostile inputs — wrong
 * types, huge and non-finite numbers, out-of-range dates and coordinates, injection strings,
 * overlong strings, malformed JSON and multipart, forged tokens — as an anonymous caller and as an
 * administrator. Every answer must be below 500; refusals are problem+json (Open311 keeps its own
 * error format) and never show a stack trace or a Java class; the backend still answers afterwards.
 * No randomness: the same requests every run.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class BadInputFuzzTest {
    @TestHTTPResource("/")
    URI base;

    static final ObjectMapper JSON = new ObjectMapper();
    static final String LONG = "é".repeat(5000) + "x".repeat(20_000);
    /** Values every query parameter, form field and JSON property receives in turn. */
    static final List<String> VALUES = List.of(
            "abc", "", "2147483648", "-99999999999999999999999", "NaN", "Infinity", "1e400", "-181.5",
            "+300000-01-01T00:00:00Z", "-999999999-01-01", "2026-13-45",
            "' OR '1'='1'; DROP TABLE alert; --", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
            "../../../../etc/passwd", "a\r\nX-Injected: 1", "%00\u0000", LONG);
    /** Values at the edge of a type, each sent alone in its parameter. */
    static final List<String> EDGES = List.of("abc", "2147483647", "99999999999999999999999", "NaN", "1e400",
            "+300000-01-01T00:00:00Z", "-999999999-01-01", "2026-13-45");
    /** Names tried in form bodies besides those the document lists (Open311 posts its fields as a map). */
    static final List<String> FORM_FIELDS = List.of("api_key", "service_code", "lat", "long", "address_string",
            "email", "description", "media_url", "jurisdiction_id", "device_id", "attribute[x]");
    /** Open311 reads GET requests' arguments from the raw query string, as its clients send them: the document cannot list them. */
    static final List<String> OPEN311_QUERY = List.of("start_date", "end_date", "status", "service_code", "service_request_id",
            "page", "page_size", "jurisdiction_id", "api_key");
    /** Tracebacks and class names: what a refusal must never show. */
    static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat [a-z]+\\.[\\w.$]+\\(|\\b(java|javax|jakarta|org|io|com|fr)\\.[a-z]+\\.[a-zA-Z]");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    final List<String> failures = new ArrayList<>();
    int sent;
    Map.Entry<String, String> headerValue;
    String caller;

    record Op(String method, String path, List<JsonNode> params, Set<String> bodyTypes, JsonNode bodySchema) {
    }

    @Test
    void noBadInputGetsA5xxAndRefusalsAreProblems() throws Exception {
        JsonNode doc = JSON.readTree(get("q/openapi?format=json").body());
        List<Op> ops = operations(doc);
        assertTrue(ops.size() > 40, "the OpenAPI document lists the API: " + ops.size());
        String admin = "Bearer " + Staff.create("ADMIN", null).token();
        Map<String, String> forged = forgedTokens();
        for (Op op : ops) {
            for (String auth : new String[]{null, admin}) {
                caller = auth == null ? "anonymous" : "admin";
                fuzz(op, auth, doc);
            }
            for (Map.Entry<String, String> token : forged.entrySet()) {
                caller = "token " + token.getKey();
                send(op, "Bearer " + token.getValue(), pathWith(op, null, null), "", null, null);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + sent + " answers were wrong:\n" + String.join("\n", failures));
        assertEquals(200, get("q/health/ready").statusCode(), "the backend still answers");
        assertEquals(200, get("api/v1/categories").statusCode(), "the API still answers");
    }

    private void fuzz(Op op, String auth, JsonNode doc) throws Exception {
        // The path parameters, each hostile in turn.
        for (JsonNode p : op.params()) {
            if (p.path("in").asText().equals("path") && !p.path("name").asText().equals("format")) {
                for (String v : List.of("abc", "-1", "99999999999999999999999", "..%2F..%2Fetc%2Fpasswd", "%0D%0AX-Injected:%201")) {
                    send(op, auth, pathWith(op, p.path("name").asText(), v), "", null, null);
                }
            }
        }
        // Every query parameter at once, with each value.
        Set<String> queryNames = new LinkedHashSet<>();
        op.params().stream().filter(p -> p.path("in").asText().equals("query")).forEach(p -> queryNames.add(p.path("name").asText()));
        if (op.path().startsWith("/open311/")) {
            queryNames.addAll(OPEN311_QUERY);
        }
        send(op, auth, pathWith(op, null, null), "", null, null);
        for (String v : queryNames.isEmpty() ? List.<String>of() : VALUES) {
            StringBuilder q = new StringBuilder();
            for (String name : queryNames) {
                q.append(q.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(v));
            }
            send(op, auth, pathWith(op, null, null), "?" + q, null, null);
        }
        // Then each alone (others absent), with the values that test a type's edges: a bad value
        // hidden behind another parameter's refusal would otherwise never reach the code.
        for (String name : queryNames) {
            for (String v : EDGES) {
                send(op, auth, pathWith(op, null, null), "?" + enc(name) + "=" + enc(v), null, null);
            }
        }
        // Header parameters (the HTTP client itself refuses line breaks in a header).
        for (JsonNode p : op.params()) {
            if (p.path("in").asText().equals("header")) {
                for (String v : List.of("00000000-0000-0000-0000-00000000000g", "' OR 1=1 --", "x".repeat(4000))) {
                    headerValue = Map.entry(p.path("name").asText(), v);
                    send(op, auth, pathWith(op, null, null), "", null, null);
                    headerValue = null;
                }
            }
        }
        if (op.method().equals("GET") || op.method().equals("DELETE")) {
            return;
        }
        String path = pathWith(op, null, null);
        // JSON: malformed, wrong shapes, then each property of the schema with each value.
        for (String body : List.of("", "{\"a\":", "[]", "\"x\"", "{\"lat\":NaN,\"lon\":Infinity}",
                "{\"x\":" + "[".repeat(5000) + "}")) {
            send(op, auth, path, "", "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
        List<String> props = properties(op.bodySchema(), doc);
        for (String v : VALUES) {
            StringBuilder raw = new StringBuilder("{");
            for (String name : props) {
                raw.append(raw.length() > 1 ? "," : "").append(JSON.writeValueAsString(name)).append(':').append(rawJson(v));
            }
            send(op, auth, path, "", "application/json", (raw + "}").getBytes(StandardCharsets.UTF_8));
        }
        // Form-encoded fields.
        Set<String> fields = new LinkedHashSet<>(props);
        fields.addAll(FORM_FIELDS);
        for (String v : List.of("NaN", "+300000-01-01T00:00:00Z", "../../etc/passwd", LONG)) {
            StringBuilder form = new StringBuilder();
            for (String f : fields) {
                form.append(form.isEmpty() ? "" : "&").append(enc(f)).append('=').append(enc(v));
            }
            send(op, auth, path, "", "application/x-www-form-urlencoded", form.toString().getBytes(StandardCharsets.UTF_8));
        }
        send(op, auth, path, "", "application/x-www-form-urlencoded", "%%%=%zz&&=".getBytes(StandardCharsets.UTF_8));
        // Multipart: no boundary, a boundary never used, a truncated body, garbage in well-formed parts.
        String part = "Content-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n";
        send(op, auth, path, "", "multipart/form-data", ("--B\r\n" + part + "{}\r\n--B--\r\n").getBytes(StandardCharsets.UTF_8));
        send(op, auth, path, "", "multipart/form-data; boundary=NOPE", ("--B\r\n" + part + "{}\r\n--B--\r\n").getBytes(StandardCharsets.UTF_8));
        send(op, auth, path, "", "multipart/form-data; boundary=B", ("--B\r\n" + part + "{\"categoryCode\":").getBytes(StandardCharsets.UTF_8));
        send(op, auth, path, "", "multipart/form-data; boundary=B", "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"x.jpg\"\r\n\r\n\u00ff\u00d8\u00ff"
                .getBytes(StandardCharsets.ISO_8859_1));
        send(op, auth, path, "", "multipart/form-data; boundary=" + "B".repeat(200), new byte[]{'-', '-'});
        send(op, auth, path, "", "multipart/form-data; boundary=B", ("--B\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n{\"lat\":\"abc\"}\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"../../x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nnot an image\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a\"\r\n\r\n\r\n--B--\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String rawJson(String v) throws Exception {
        // Numbers go bare (so 1e400 and 99999999999999999999999 reach the number parser), the rest as strings.
        return v.matches("-?\\d+(\\.\\d+)?(e\\d+)?") ? v : JSON.writeValueAsString(v);
    }

    private void send(Op op, String auth, String path, String query, String contentType, byte[] body) {
        sent++;
        String what = op.method() + " " + path + query.substring(0, Math.min(query.length(), 120))
                + (contentType == null ? "" : " [" + contentType + "] " + preview(body)) + " as " + caller;
        HttpResponse<String> r;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path.substring(1) + query))
                    .timeout(Duration.ofSeconds(60))
                    .method(op.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (auth != null) {
                b.header("Authorization", auth);
            }
            if (headerValue != null) {
                b.header(headerValue.getKey(), headerValue.getValue());
            }
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closed) {
                // A connection the server closed after refusing the previous request unread: once more on a new one.
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IllegalArgumentException e) {
            return; // a URI the client itself refuses to send is no test of the server
        } catch (Exception e) {
            failures.add(what + " -> no answer: " + e);
            return;
        }
        int status = r.statusCode();
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if ((status == 414 || status == 431) && r.body().isEmpty()) {
            return; // the HTTP decoder's own refusal of an overlong request line or header, before any route
        }
        if (status >= 500) {
            failures.add(what + " -> " + status + " " + r.body().substring(0, Math.min(300, r.body().length())));
        } else if (status >= 400) {
            boolean open311 = path.startsWith("/open311/");
            if (!open311 && !ct.startsWith("application/problem+json")) {
                failures.add(what + " -> " + status + " with Content-Type '" + ct + "': " + r.body().substring(0, Math.min(200, r.body().length())));
            }
            if (LEAK.matcher(r.body()).find()) {
                failures.add(what + " -> " + status + " leaks internals: " + r.body().substring(0, Math.min(300, r.body().length())));
            }
        }
    }

    private static String preview(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replace("\r\n", "⏎");
        return s.length() > 60 ? s.substring(0, 60) + "…(" + body.length + " B)" : s;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The path with its parameters filled: plausible values, one of them replaced by {@code value}. */
    private static String pathWith(Op op, String name, String value) {
        String path = op.path();
        for (JsonNode p : op.params()) {
            if (!p.path("in").asText().equals("path")) {
                continue;
            }
            String n = p.path("name").asText();
            String v = n.equals(name) ? value : n.equals("format") ? "json" : "1";
            path = path.replace("{" + n + "}", v);
        }
        return path;
    }

    private static List<Op> operations(JsonNode doc) {
        List<Op> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> e = paths.next();
            List<JsonNode> shared = new ArrayList<>();
            e.getValue().path("parameters").forEach(shared::add);
            for (String method : List.of("get", "post", "put", "patch", "delete")) {
                JsonNode o = e.getValue().path(method);
                if (o.isMissingNode()) {
                    continue;
                }
                List<JsonNode> params = new ArrayList<>(shared);
                o.path("parameters").forEach(params::add);
                Set<String> types = new LinkedHashSet<>();
                o.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
                JsonNode schema = o.path("requestBody").path("content").path("application/json").path("schema");
                ops.add(new Op(method.toUpperCase(), e.getKey(), params, types, schema));
            }
        }
        return ops;
    }

    /** The property names of a request body's schema, following a {@code $ref} into the components. */
    private static List<String> properties(JsonNode schema, JsonNode doc) {
        JsonNode s = schema;
        for (int i = 0; i < 5 && s.has("$ref"); i++) {
            String ref = s.path("$ref").asText();
            s = doc.at(ref.substring(1));
        }
        List<String> names = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Tokens a caller might forge: another key, no signature, expired, and a user id that is no number. */
    private static Map<String, String> forgedTokens() throws Exception {
        var other = KeyPairGenerator.getInstance("RSA");
        other.initialize(2048);
        String wrongKey = Jwt.issuer("signalement").upn("admin").groups(Set.of("ADMIN")).claim("uid", 1)
                .expiresIn(600).sign(other.generateKeyPair().getPrivate());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"iss\":\"signalement\",\"upn\":\"admin\",\"groups\":[\"ADMIN\"],\"uid\":1,\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";
        String expired = Jwt.issuer("signalement").upn("admin").groups(Set.of("ADMIN")).claim("uid", 1)
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign();
        String notANumber = Jwt.issuer("signalement").upn("admin").groups(Set.of("ADMIN")).claim("uid", "un")
                .expiresIn(600).sign();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("signed with another key", wrongKey);
        tokens.put("alg none", none);
        tokens.put("expired", expired);
        tokens.put("uid not a number", notANumber);
        tokens.put("not a JWT", "not.a.jwt");
        tokens.put("empty", "");
        return tokens;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
