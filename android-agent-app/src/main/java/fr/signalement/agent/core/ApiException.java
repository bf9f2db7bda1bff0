package fr.signalement.agent.core;

import org.json.JSONObject;

/** An HTTP error answer of the backend, with its RFC 9457 problem body when there is one. */
public final class ApiException extends Exception {
    public final int status;
    public final JSONObject problem;

    public ApiException(int status, JSONObject problem) {
        super("HTTP " + status + (problem == null ? "" : ": " + problem.optString("detail", problem.optString("title", ""))));
        this.status = status;
        this.problem = problem == null ? new JSONObject() : problem;
    }

    /** The server's human-readable explanation (French on this backend), or "". */
    public String detail() {
        String d = problem.optString("detail", "");
        return d.isEmpty() ? problem.optString("title", "") : d;
    }

    /** The {@code field} member of the problem (e.g. "distanceReason"), or "". */
    public String field() { return problem.optString("field", ""); }

    public boolean isServerError() { return status >= 500; }
}
