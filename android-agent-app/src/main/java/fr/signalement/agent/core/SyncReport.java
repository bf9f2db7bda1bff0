package fr.signalement.agent.core;

/** What one {@link SyncEngine#sync()} did. */
public final class SyncReport {
    /** Actions the server accepted (including replays it had already applied). */
    public int sent;
    /** Of {@link #sent}: the server answered {@code replayed: true} (it already had them). */
    public int alreadyApplied;
    /** New 409 conflicts (kept in the queue with the server's state, shown to the agent). */
    public int conflicts;
    /** New refusals (4xx): kept in the queue with the server's message. */
    public int rejected;
    /** Actions still waiting in the queue at the end. */
    public int stillQueued;
    /** Interventions received from the server (-1: not pulled). */
    public int pulled = -1;
    /** The network or the server was unavailable: the rest stays queued for the next attempt. */
    public boolean offline;
    /** The session is no longer valid (refresh token revoked / expired): sign in again. */
    public boolean authRequired;
    /** Interventions that appeared in the team's list since the previous pull (new or reassigned to it). */
    public final java.util.List<Intervention> newJobs = new java.util.ArrayList<>();
    /** Interventions that became overdue since the previous pull. */
    public final java.util.List<Intervention> overdueJobs = new java.util.ArrayList<>();
    /** Technical detail of the failure, if any (for logs). */
    public String failure;

    public boolean complete() {
        return !offline && !authRequired;
    }

    @Override
    public String toString() {
        return "SyncReport{sent=" + sent + ", alreadyApplied=" + alreadyApplied + ", conflicts=" + conflicts
                + ", rejected=" + rejected + ", stillQueued=" + stillQueued + ", pulled=" + pulled
                + ", offline=" + offline + ", authRequired=" + authRequired + ", failure=" + failure + "}";
    }
}
