package fr.signalement.agent.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/** The signed-in staff account: tokens of {@code /auth/login} or {@code /auth/refresh}, and the user. */
public final class Session {
    public final String accessToken;
    public final String refreshToken;
    public final Instant accessExpiresAt;
    public final JSONObject user;

    public Session(String accessToken, String refreshToken, Instant accessExpiresAt, JSONObject user) {
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.accessExpiresAt = accessExpiresAt;
        this.user = user == null ? new JSONObject() : user;
    }

    /** Parses a login/refresh answer {accessToken, refreshToken, expiresIn, user}. */
    public static Session fromLoginResponse(JSONObject o, Instant now) {
        long expiresIn = o.optLong("expiresIn", 300);
        return new Session(o.optString("accessToken"), o.optString("refreshToken"),
                now.plusSeconds(expiresIn), o.optJSONObject("user"));
    }

    public long userId() { return user.optLong("id"); }
    public String username() { return user.optString("username", ""); }
    public String displayName() { return user.optString("displayName", username()); }
    public Long teamId() { return user.isNull("teamId") || !user.has("teamId") ? null : user.optLong("teamId"); }

    public List<String> roles() {
        List<String> out = new ArrayList<>();
        JSONArray a = user.optJSONArray("roles");
        if (a != null) for (int i = 0; i < a.length(); i++) out.add(a.optString(i));
        return out;
    }

    public boolean accessTokenValidAt(Instant now) {
        return accessExpiresAt != null && now.isBefore(accessExpiresAt.minusSeconds(20));
    }

    public String toJsonString() {
        try {
            return new JSONObject()
                    .put("accessToken", accessToken)
                    .put("refreshToken", refreshToken)
                    .put("accessExpiresAt", accessExpiresAt == null ? JSONObject.NULL : accessExpiresAt.toString())
                    .put("user", user)
                    .toString();
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Session fromJsonString(String s) {
        try {
            JSONObject o = new JSONObject(s);
            return new Session(o.optString("accessToken"), o.optString("refreshToken"),
                    Intervention.instant(Intervention.str(o, "accessExpiresAt")), o.optJSONObject("user"));
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
