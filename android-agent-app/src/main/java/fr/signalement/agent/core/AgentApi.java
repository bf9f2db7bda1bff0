package fr.signalement.agent.core;

import java.io.IOException;
import java.util.List;

import org.json.JSONObject;

/**
 * The part of the backend API (docs/api.md, "Staff: sign-in" and "Field interventions") the agent app
 * uses. {@link HttpAgentApi} is the implementation. {@link IOException} means "no network / server
 * unreachable"; {@link ApiException} is an HTTP error answer.
 */
public interface AgentApi {
    Session login(String username, String password) throws IOException, ApiException;

    /** Revokes the refresh token (best effort). */
    void logout(String refreshToken) throws IOException, ApiException;

    /** {@code GET /api/v1/interventions} (default statuses), every page (Link rel="next"), sorted by dueAt by the server. */
    List<Intervention> interventions() throws IOException, ApiException;

    Intervention intervention(long id) throws IOException, ApiException;

    /** {@code POST /api/v1/interventions/{id}/actions}; 409 comes back as an {@link ApiException}. */
    ActionResult postAction(long interventionId, JSONObject body) throws IOException, ApiException;

    /**
     * {@code POST /api/v1/interventions/{id}/photos} (multipart). Returns {replayed, photo} (docs/api.md)
     * or {replayed, intervention}; the engine accepts both.
     */
    JSONObject uploadPhoto(long interventionId, String clientActionId, long baseVersion, byte[] jpeg)
            throws IOException, ApiException;

    /**
     * The same, for a photo taken BEFORE or AFTER the work ({@code kind} form field). An API that
     * only knows after photos (older fakes) cannot send a before one.
     */
    default JSONObject uploadPhoto(long interventionId, String clientActionId, long baseVersion, byte[] jpeg, String kind)
            throws IOException, ApiException {
        if (!"AFTER".equals(kind)) throw new IOException("this API cannot send a " + kind + " photo");
        return uploadPhoto(interventionId, clientActionId, baseVersion, jpeg);
    }

    /** {@code GET /api/v1/field/settings}: the server's rules for the field app ("proof": {@link ProofRules}). */
    JSONObject fieldSettings() throws IOException, ApiException;

    /**
     * {@code POST /api/v1/reports} with {@code channel: "field"}: a new problem the agent saw. The
     * queue's action id is the Idempotency-Key, so a replay never makes a second report.
     */
    JSONObject postReport(JSONObject report, String idempotencyKey) throws IOException, ApiException;

    /** {@code GET /api/v1/categories}: groups, each with its categories (cached for offline reports). */
    org.json.JSONArray categories() throws IOException, ApiException;

    /** Downloads a photo ({@code url} as given by the server, relative or absolute). */
    byte[] download(String url) throws IOException, ApiException;

    /**
     * {@code POST /api/v1/field/devices}: registers this tablet for new-job alerts; answers
     * {deviceId, agentId, teamId, cursor}. A fake API without it is a tablet the server cannot reach.
     */
    default JSONObject registerDevice(String deviceId, String platform, String appVersion) throws IOException, ApiException {
        throw new IOException("no event channel");
    }

    /**
     * {@code GET /api/v1/field/events?after=…&wait=…s&device=…}: the team's NEW, REASSIGNED and OVERDUE
     * jobs after the cursor, held open by the server up to {@code waitS} seconds while there is none;
     * answers {events: [...], next}.
     */
    default JSONObject jobEvents(long after, int waitS, String deviceId) throws IOException, ApiException {
        throw new IOException("no event channel");
    }

    record ActionResult(boolean replayed, Intervention intervention) { }
}
