package fr.signalement.agent.core;

import java.time.Instant;

import org.json.JSONException;
import org.json.JSONObject;

/**
 * An action the agent did, written locally first and replayed to the server with its
 * client-generated id ({@code clientActionId}) so that a replay never duplicates.
 */
public final class PendingAction {
    public enum State {
        /** Waiting to be sent (or re-sent: replays are idempotent). */
        PENDING,
        /** The server answered 409: someone else changed the alert. {@link #serverState} holds its state. */
        CONFLICT,
        /** The server refused it (4xx other than 409/401): {@link #error} says why. */
        REJECTED
    }

    public long seq;                 // local order, assigned by the store
    public final String clientActionId;
    public final long interventionId;
    public final ActionType type;
    public long baseVersion;
    public final JSONObject payload; // type-specific fields (text, label, value, lat, lon...)
    public final String blobKey;     // PHOTO: key of the JPEG in the BlobStore
    public final Instant createdAt;
    public State state = State.PENDING;
    public JSONObject serverState;   // CONFLICT: the server's "current" intervention
    public String error;             // REJECTED / CONFLICT: the server's message
    public String errorField;        // REJECTED: the field the server named (what the agent can fix), or null
    public int attempts;

    public PendingAction(String clientActionId, long interventionId, ActionType type, long baseVersion,
                         JSONObject payload, String blobKey, Instant createdAt) {
        this.clientActionId = clientActionId;
        this.interventionId = interventionId;
        this.type = type;
        this.baseVersion = baseVersion;
        this.payload = payload == null ? new JSONObject() : payload;
        this.blobKey = blobKey;
        this.createdAt = createdAt;
    }

    /** The request body of {@code POST /api/v1/interventions/{id}/actions}. */
    public JSONObject requestBody() {
        try {
            JSONObject body = new JSONObject(payload.toString());
            body.put("clientActionId", clientActionId);
            body.put("baseVersion", baseVersion);
            body.put("type", type.name());
            return body;
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isBlocking() {
        return state != State.PENDING;
    }

    @Override
    public String toString() {
        return "PendingAction{" + type + " #" + interventionId + " " + clientActionId + " v" + baseVersion + " " + state + "}";
    }
}
