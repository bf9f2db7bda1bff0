package fr.signalement.agent.core;

import java.util.List;

import org.json.JSONArray;
import org.json.JSONObject;

/** Applies queued (not yet acknowledged) actions to a cached intervention, for display. */
public final class Optimistic {
    private Optimistic() { }

    public static Intervention apply(Intervention cached, List<PendingAction> actions) {
        if (actions.isEmpty()) return cached;
        Intervention v = cached.copy();
        JSONObject j = v.json();
        for (PendingAction a : actions) {
            if (a.interventionId != cached.id() || a.state != PendingAction.State.PENDING) continue;
            JSONObject p = a.payload;
            switch (a.type) {
                case START -> {
                    Intervention.put(j, "status", "IN_PROGRESS");
                    Intervention.put(j, "statusLabel", "En cours");
                }
                case RESOLVE -> {
                    Intervention.put(j, "status", "RESOLVED");
                    Intervention.put(j, "statusLabel", "Résolue");
                }
                case CANT_FIX -> {
                    // Back to the dispatcher or waiting with the team: the server says which at sync.
                    Intervention.put(j, "status", "ASSIGNED");
                    Intervention.put(j, "statusLabel", "Signalée impossible");
                }
                case NOTE -> append(v.work(), "notes", HttpAgentApi.obj("at", a.createdAt.toString(), "text", p.optString("text")));
                case MEASUREMENT -> append(v.work(), "measurements", HttpAgentApi.obj(
                        "label", p.optString("label"), "value", p.optDouble("value", 0), "unit", p.optString("unit")));
                case MATERIAL -> append(v.work(), "materials", HttpAgentApi.obj(
                        "label", p.optString("label"), "quantity", p.optDouble("quantity", 0), "unit", p.optString("unit")));
                case TIME_SPENT -> Intervention.put(v.work(), "minutesSpent",
                        v.work().optInt("minutesSpent", 0) + p.optInt("minutes", 0));
                case PHOTO -> append(j, "photos", HttpAgentApi.obj("id", 0, "kind", SyncEngine.photoKind(a),
                        "url", "local:" + a.blobKey, "thumbnailUrl", "local:" + a.blobKey));
                default -> { }
            }
        }
        return v;
    }

    private static void append(JSONObject o, String key, JSONObject item) {
        JSONArray a = o.optJSONArray(key);
        if (a == null) {
            a = new JSONArray();
            Intervention.put(o, key, a);
        }
        a.put(item);
    }
}
