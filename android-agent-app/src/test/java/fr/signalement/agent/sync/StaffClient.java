package fr.signalement.agent.sync;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * What the dispatcher does in the staff console, over the real API (test helper): file a report,
 * qualify and assign the alert to the agent's team, change it behind the agent's back.
 */
final class StaffClient {
    private final String baseUrl;
    private final String token;

    StaffClient(String baseUrl, String username, String password) throws IOException, JSONException {
        this.baseUrl = baseUrl;
        this.token = call("POST", "/api/v1/auth/login", new JSONObject().put("username", username).put("password", password), null)
                .getString("accessToken");
    }

    private static int counter;

    /** A point in central Paris, ~330 m from the previous one (so reports never merge into one alert). */
    static synchronized double[] nextPoint() {
        int i = counter++;
        return new double[] {48.8500 + 0.003 * (i % 8), 2.3300 + 0.0045 * (i / 8 % 8)};
    }

    String anyCategoryCode() throws IOException, JSONException {
        JSONArray groups = new JSONArray(text("GET", "/api/v1/categories", null, null));
        return groups.getJSONObject(0).getJSONArray("categories").getJSONObject(0).getString("code");
    }

    /** A citizen's report at {@code point}, qualified and assigned to {@code teamId}: returns the alert id. */
    long assignedAlert(double[] point, long teamId) throws IOException, JSONException {
        JSONObject ack = call("POST", "/api/v1/reports", new JSONObject().put("categoryCode", anyCategoryCode())
                .put("lat", point[0]).put("lon", point[1]).put("description", "Test app agent : trou dans la chaussée"), null);
        long alertId = ack.getLong("alertId");
        transition(alertId, new JSONObject().put("to", "QUALIFIED").put("note", "Qualifiée (test)"));
        transition(alertId, new JSONObject().put("to", "ASSIGNED").put("teamId", teamId).put("note", "Pour l'équipe (test)"));
        return alertId;
    }

    JSONObject transition(long alertId, JSONObject body) throws IOException, JSONException {
        return call("POST", "/api/v1/alerts/" + alertId + "/transitions", body, token);
    }

    JSONObject call(String method, String path, JSONObject body, String bearer) throws IOException, JSONException {
        return new JSONObject(text(method, path, body, bearer == null ? token : bearer));
    }

    private String text(String method, String path, JSONObject body, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(baseUrl + path).openConnection();
        c.setRequestMethod(method);
        c.setRequestProperty("Accept", "application/json");
        if (bearer != null) c.setRequestProperty("Authorization", "Bearer " + bearer);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (in != null) in.transferTo(out);
        String s = out.toString(StandardCharsets.UTF_8);
        if (status >= 400) throw new IOException(method + " " + path + " → HTTP " + status + ": " + s);
        return s.isEmpty() ? "{}" : s;
    }
}
