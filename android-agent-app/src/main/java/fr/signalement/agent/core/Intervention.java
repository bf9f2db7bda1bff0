package fr.signalement.agent.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * An intervention as returned by {@code GET /api/v1/interventions} (see docs/api.md), kept as its JSON
 * so the cache stores exactly what the server sent. Accessors never throw on missing fields.
 */
public final class Intervention {
    private final JSONObject json;

    public Intervention(JSONObject json) {
        this.json = json;
    }

    public static Intervention parse(String text) {
        try {
            return new Intervention(new JSONObject(text));
        } catch (JSONException e) {
            throw new IllegalArgumentException("Invalid intervention JSON", e);
        }
    }

    public JSONObject json() { return json; }
    public String toJsonString() { return json.toString(); }

    /** A deep copy, safe to modify (used to apply pending actions optimistically). */
    public Intervention copy() { return parse(json.toString()); }

    public long id() { return json.optLong("id"); }
    public long version() { return json.optLong("version"); }
    public String status() { return json.optString("status", ""); }
    public String statusLabel() { return json.optString("statusLabel", status()); }
    public String categoryCode() { JSONObject c = json.optJSONObject("category"); return c == null ? "" : c.optString("code", ""); }
    public String categoryLabel() { JSONObject c = json.optJSONObject("category"); return c == null ? "" : c.optString("label", ""); }
    public double lat() { return json.optDouble("lat", Double.NaN); }
    public double lon() { return json.optDouble("lon", Double.NaN); }
    public String address() { return optString("address"); }
    public String quartier() { return optString("quartier"); }
    /** The commune the alert is in: one deployment may serve several (an EPCI's teams work in all of them). */
    public String commune() { JSONObject c = json.optJSONObject("commune"); return c == null ? "" : c.optString("name", ""); }

    /** Where, in words: address — quartier — commune (the commune left out when it is the quartier's name). */
    public String place() {
        String place = address();
        if (!quartier().isEmpty()) place += (place.isEmpty() ? "" : " — ") + quartier();
        if (!commune().isEmpty() && !commune().equals(quartier())) place += (place.isEmpty() ? "" : " — ") + commune();
        return place;
    }
    public String description() { return optString("description"); }
    public int reportCount() { return json.optInt("reportCount", 1); }
    public String dueStatus() { return json.optString("dueStatus", "ON_TIME"); }

    public Instant dueAt() { return instant(optString("dueAt")); }

    public boolean isResolved() {
        String s = status();
        return "RESOLVED".equals(s) || "CLOSED".equals(s);
    }

    public List<Photo> photos() {
        List<Photo> out = new ArrayList<>();
        JSONArray a = json.optJSONArray("photos");
        if (a == null) return out;
        for (int i = 0; i < a.length(); i++) {
            JSONObject p = a.optJSONObject(i);
            if (p != null) out.add(new Photo(p.optLong("id"), p.optString("kind", "REPORT"), p.optString("url", ""), p.optString("thumbnailUrl", p.optString("url", ""))));
        }
        return out;
    }

    public List<TimelineEntry> timeline() {
        List<TimelineEntry> out = new ArrayList<>();
        JSONArray a = json.optJSONArray("timeline");
        if (a == null) return out;
        for (int i = 0; i < a.length(); i++) {
            JSONObject t = a.optJSONObject(i);
            if (t != null) out.add(new TimelineEntry(instant(str(t, "at")), str(t, "actor"), str(t, "from"), str(t, "to"), str(t, "note")));
        }
        return out;
    }

    /** The "work" object (notes, measurements, minutesSpent, materials); created if missing. */
    public JSONObject work() {
        JSONObject w = json.optJSONObject("work");
        if (w == null) {
            w = new JSONObject();
            put(json, "work", w);
        }
        return w;
    }

    public record Photo(long id, String kind, String url, String thumbnailUrl) {
        public boolean isAfter() { return "AFTER".equals(kind); }
        /** The agent's photo before the work (staff-only on the server). */
        public boolean isBefore() { return "BEFORE".equals(kind); }
    }

    public record TimelineEntry(Instant at, String actor, String from, String to, String note) { }

    private String optString(String key) { return str(json, key); }

    static String str(JSONObject o, String key) {
        return o.isNull(key) ? "" : o.optString(key, "");
    }

    static Instant instant(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static void put(JSONObject o, String key, Object value) {
        try {
            o.put(key, value);
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
