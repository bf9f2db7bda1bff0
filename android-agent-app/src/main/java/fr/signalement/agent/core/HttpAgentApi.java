package fr.signalement.agent.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * {@link AgentApi} over {@link HttpURLConnection} and org.json (both in the Android framework and
 * usable on a plain JVM). Adds the Bearer token, refreshes it when it expires or on a 401 (the refresh
 * token rotates and is saved back to the {@link TokenStore}).
 */
public final class HttpAgentApi implements AgentApi {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 30_000;

    private final Supplier<String> baseUrl;
    private final TokenStore tokens;
    private final Clock clock;
    private final Object refreshLock = new Object();

    public HttpAgentApi(String baseUrl, TokenStore tokens, Clock clock) {
        this(() -> baseUrl, tokens, clock);
    }

    /** @param baseUrl read at each request (the agent may change the server in the settings) */
    public HttpAgentApi(Supplier<String> baseUrl, TokenStore tokens, Clock clock) {
        this.baseUrl = baseUrl;
        this.tokens = tokens;
        this.clock = clock;
    }

    public String baseUrl() {
        String b = baseUrl.get().trim();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public Session login(String username, String password) throws IOException, ApiException {
        JSONObject body = obj("username", username, "password", password);
        Response r = send("POST", "/api/v1/auth/login", "application/json", bytes(body), null);
        Session s = Session.fromLoginResponse(r.json(), clock.instant());
        tokens.save(s);
        return s;
    }

    @Override
    public void logout(String refreshToken) throws IOException, ApiException {
        send("POST", "/api/v1/auth/logout", "application/json", bytes(obj("refreshToken", refreshToken)), null);
    }

    /** {@code POST /auth/refresh}: a new access token and a rotated refresh token, saved. */
    public Session refresh() throws IOException, ApiException {
        synchronized (refreshLock) {
            Session current = tokens.load();
            if (current == null) throw new ApiException(401, obj("title", "Non connecté"));
            Response r = send("POST", "/api/v1/auth/refresh", "application/json", bytes(obj("refreshToken", current.refreshToken)), null);
            Session fresh = Session.fromLoginResponse(r.json(), clock.instant());
            if (fresh.user.length() == 0) fresh = new Session(fresh.accessToken, fresh.refreshToken, fresh.accessExpiresAt, current.user);
            tokens.save(fresh);
            return fresh;
        }
    }

    @Override
    public List<Intervention> interventions() throws IOException, ApiException {
        List<Intervention> out = new ArrayList<>();
        String next = "/api/v1/interventions" + (pageSize > 0 ? "?limit=" + pageSize : "");
        // The server answers a page at a time; the whole list is what the app keeps (docs/api.md).
        for (int pages = 0; next != null; pages++) {
            if (pages >= MAX_PAGES) throw new IOException("Too many pages of interventions (over " + MAX_PAGES + ")");
            Response r = authorized("GET", next, null, null);
            JSONArray a = r.jsonArray();
            for (int i = 0; i < a.length(); i++) out.add(new Intervention(a.optJSONObject(i)));
            next = nextLink(r.link());
        }
        return out;
    }

    private volatile int pageSize;

    /** Asks for pages of at most {@code n} interventions (0: the server's default page). */
    public void setPageSize(int n) {
        pageSize = n;
    }

    /** Pages followed in one pull: far more than a team's day, a guard against a server loop. */
    static final int MAX_PAGES = 100;
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    /** The target of {@code rel="next"} in a Link header (RFC 8288), or null. */
    static String nextLink(String link) {
        if (link == null) return null;
        Matcher m = NEXT.matcher(link);
        return m.find() ? m.group(1) : null;
    }

    @Override
    public Intervention intervention(long id) throws IOException, ApiException {
        return new Intervention(authorized("GET", "/api/v1/interventions/" + id, null, null).json());
    }

    @Override
    public JSONObject postReport(JSONObject report, String idempotencyKey) throws IOException, ApiException {
        return authorized("POST", "/api/v1/reports", "application/json", bytes(report), idempotencyKey).json();
    }

    @Override
    public org.json.JSONArray categories() throws IOException, ApiException {
        return authorized("GET", "/api/v1/categories", null, null).jsonArray();
    }

    @Override
    public JSONObject fieldSettings() throws IOException, ApiException {
        return authorized("GET", "/api/v1/field/settings", null, null).json();
    }

    @Override
    public JSONObject registerDevice(String deviceId, String platform, String appVersion) throws IOException, ApiException {
        return authorized("POST", "/api/v1/field/devices", "application/json",
                bytes(obj("deviceId", deviceId, "platform", platform, "appVersion", appVersion))).json();
    }

    @Override
    public JSONObject jobEvents(long after, int waitS, String deviceId) throws IOException, ApiException {
        // The server holds the answer up to waitS: read for longer than that.
        readTimeoutMs.set(Math.max(READ_TIMEOUT_MS, (waitS + 20) * 1000));
        try {
            return authorized("GET", "/api/v1/field/events?after=" + after + "&wait=" + waitS + "s&device="
                    + java.net.URLEncoder.encode(deviceId, StandardCharsets.UTF_8), null, null).json();
        } finally {
            readTimeoutMs.remove();
        }
    }

    /** The read timeout of this thread's next requests (longer for a long-poll). */
    private final ThreadLocal<Integer> readTimeoutMs = ThreadLocal.withInitial(() -> READ_TIMEOUT_MS);

    @Override
    public ActionResult postAction(long interventionId, JSONObject body) throws IOException, ApiException {
        JSONObject o = authorized("POST", "/api/v1/interventions/" + interventionId + "/actions", "application/json", bytes(body)).json();
        return new ActionResult(o.optBoolean("replayed"), new Intervention(o.optJSONObject("intervention")));
    }

    @Override
    public JSONObject uploadPhoto(long interventionId, String clientActionId, long baseVersion, byte[] jpeg)
            throws IOException, ApiException {
        return uploadPhoto(interventionId, clientActionId, baseVersion, jpeg, "AFTER");
    }

    @Override
    public JSONObject uploadPhoto(long interventionId, String clientActionId, long baseVersion, byte[] jpeg, String kind)
            throws IOException, ApiException {
        String boundary = "----signalement" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024);
        textPart(out, boundary, "clientActionId", clientActionId);
        textPart(out, boundary, "baseVersion", Long.toString(baseVersion));
        textPart(out, boundary, "kind", kind);
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"apres.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(jpeg);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return authorized("POST", "/api/v1/interventions/" + interventionId + "/photos",
                "multipart/form-data; boundary=" + boundary, out.toByteArray()).json();
    }

    @Override
    public byte[] download(String url) throws IOException, ApiException {
        return authorized("GET", url, null, null).body;
    }

    // ---- plumbing ----

    private Response authorized(String method, String path, String contentType, byte[] body) throws IOException, ApiException {
        return authorized(method, path, contentType, body, null);
    }

    private Response authorized(String method, String path, String contentType, byte[] body, String idempotencyKey)
            throws IOException, ApiException {
        Session s = tokens.load();
        if (s == null) throw new ApiException(401, obj("title", "Non connecté"));
        if (!s.accessTokenValidAt(clock.instant())) s = refresh();
        try {
            return send(method, path, contentType, body, s.accessToken, idempotencyKey);
        } catch (ApiException e) {
            if (e.status != 401) throw e;
            s = refresh(); // expired or revoked access token: one retry with a fresh one
            return send(method, path, contentType, body, s.accessToken, idempotencyKey);
        }
    }

    private Response send(String method, String path, String contentType, byte[] body, String bearer) throws IOException, ApiException {
        return send(method, path, contentType, body, bearer, null);
    }

    private Response send(String method, String path, String contentType, byte[] body, String bearer, String idempotencyKey)
            throws IOException, ApiException {
        URL url = new URL(path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl() + path);
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        try {
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(readTimeoutMs.get());
            c.setRequestMethod(method);
            c.setUseCaches(false);
            c.setRequestProperty("Accept", "application/json, application/problem+json, */*");
            if (bearer != null) c.setRequestProperty("Authorization", "Bearer " + bearer);
            if (idempotencyKey != null) c.setRequestProperty("Idempotency-Key", idempotencyKey);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", contentType);
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream os = c.getOutputStream()) {
                    os.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] bytes = in == null ? new byte[0] : readAll(in);
            if (status >= 400) {
                JSONObject problem = null;
                try {
                    if (bytes.length > 0) problem = new JSONObject(new String(bytes, StandardCharsets.UTF_8));
                } catch (JSONException ignored) {
                    // not a problem+json body (proxy error page...)
                }
                throw new ApiException(status, problem);
            }
            return new Response(status, bytes, c.getHeaderField("Link"));
        } finally {
            c.disconnect();
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
            return out.toByteArray();
        }
    }

    private static void textPart(ByteArrayOutputStream out, String boundary, String name, String value) throws IOException {
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(JSONObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    static JSONObject obj(Object... kv) {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) Intervention.put(o, (String) kv[i], kv[i + 1]);
        return o;
    }

    private record Response(int status, byte[] body, String link) {
        JSONObject json() throws IOException {
            try {
                return new JSONObject(text());
            } catch (JSONException e) {
                throw new IOException("Invalid JSON from server: " + e.getMessage(), e);
            }
        }

        JSONArray jsonArray() throws IOException {
            try {
                return new JSONArray(text());
            } catch (JSONException e) {
                throw new IOException("Invalid JSON from server: " + e.getMessage(), e);
            }
        }

        String text() { return new String(body, StandardCharsets.UTF_8); }
    }
}
