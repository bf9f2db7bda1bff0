package fr.signalement.agent.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.json.JSONArray;
import org.json.JSONObject;

/**
 * New-job alerts without Google Play services (issue #16): registers the tablet with the backend once,
 * then long-polls the team's events (NEW, REASSIGNED, OVERDUE) from a cursor kept in the local store,
 * so that a tablet that was off or offline hears what it missed, once. Plain Java (no Android), run by
 * the persisted {@code sync/JobEventsService}.
 */
public final class JobEvents {
    static final String META_DEVICE = "events.device";
    static final String META_CURSOR = "events.cursor";

    /** One event, as the server sends it. */
    public record JobEvent(long id, String kind, long alertId, String category, String address, String dueAt) {
        static JobEvent of(JSONObject o) {
            return new JobEvent(o.optLong("id"), o.optString("kind"), o.optLong("alertId"), o.optString("category"),
                    o.isNull("address") ? "" : o.optString("address"), o.isNull("dueAt") ? null : o.optString("dueAt"));
        }
    }

    private final AgentApi api;
    private final LocalStore store;
    private final TokenStore tokens;
    private final String appVersion;

    public JobEvents(AgentApi api, LocalStore store, TokenStore tokens, String appVersion) {
        this.api = api;
        this.store = store;
        this.tokens = tokens;
        this.appVersion = appVersion;
    }

    /** This tablet's id for the server (random, kept with the local data). */
    public String deviceId() {
        String id = store.meta(META_DEVICE);
        if (id == null) {
            id = "android-" + UUID.randomUUID();
            store.putMeta(META_DEVICE, id);
        }
        return id;
    }

    /** The cursor is the signed-in agent's team's: another agent or team starts again from a registration. */
    private String cursorKey() {
        Session s = tokens.load();
        return META_CURSOR + "." + (s == null ? "none" : s.userId() + "." + s.teamId());
    }

    /**
     * Registers if this agent has no cursor yet (answers nothing: the server starts it at "now"), else
     * waits up to {@code waitS} for the team's next events. The cursor moves only after an answer
     * arrived, so a lost answer is asked again.
     */
    public List<JobEvent> poll(int waitS) throws IOException, ApiException {
        String key = cursorKey();
        String cursor = store.meta(key);
        if (cursor == null) {
            JSONObject device = api.registerDevice(deviceId(), "android", appVersion);
            store.putMeta(key, Long.toString(device.optLong("cursor")));
            return List.of();
        }
        JSONObject page = api.jobEvents(Long.parseLong(cursor), waitS, deviceId());
        List<JobEvent> events = new ArrayList<>();
        JSONArray a = page.optJSONArray("events");
        if (a != null) for (int i = 0; i < a.length(); i++) events.add(JobEvent.of(a.optJSONObject(i)));
        store.putMeta(key, Long.toString(page.optLong("next", Long.parseLong(cursor))));
        return events;
    }
}
