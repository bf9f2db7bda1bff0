package fr.signalement.agent.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.json.JSONObject;
import org.junit.Test;

/** Behaviour every {@link LocalStore} must have (run on the in-JVM and on the SQLite store). */
public abstract class LocalStoreContract {
    protected abstract LocalStore store();

    static Intervention intervention(long id, long version, String dueAt) {
        try {
            return new Intervention(new JSONObject().put("id", id).put("version", version).put("status", "ASSIGNED")
                    .put("dueAt", dueAt));
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    static PendingAction action(String id, long interventionId, ActionType type) {
        try {
            return new PendingAction(id, interventionId, type, 4, new JSONObject().put("text", "n° " + id), null,
                    Instant.parse("2026-11-25T10:00:00Z"));
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void interventionsAreReplacedByIdAndRetained() {
        LocalStore s = store();
        s.putIntervention(intervention(1, 1, "2026-11-25T12:00:00Z"));
        s.putIntervention(intervention(2, 1, "2026-11-25T11:00:00Z"));
        s.putIntervention(intervention(1, 2, "2026-11-25T12:00:00Z"));
        assertEquals(2, s.interventions().size());
        assertEquals(2, s.intervention(1).version());
        s.retainInterventions(Set.of(2L));
        assertNull(s.intervention(1));
        assertEquals(1, s.interventions().size());
    }

    @Test
    public void queueKeepsOrderAndState() {
        LocalStore s = store();
        s.enqueue(action("a", 1, ActionType.START));
        s.enqueue(action("b", 2, ActionType.NOTE));
        s.enqueue(action("c", 1, ActionType.NOTE));
        List<PendingAction> q = s.actions();
        assertEquals(List.of("a", "b", "c"), q.stream().map(x -> x.clientActionId).toList());
        assertTrue(q.get(0).seq < q.get(1).seq && q.get(1).seq < q.get(2).seq);

        PendingAction b = q.get(1);
        b.state = PendingAction.State.CONFLICT;
        b.serverState = intervention(2, 9, "2026-11-25T11:00:00Z").json();
        b.error = "changed";
        b.baseVersion = 9;
        b.attempts = 2;
        s.updateAction(b);
        PendingAction b2 = s.actions().get(1);
        assertEquals(PendingAction.State.CONFLICT, b2.state);
        assertEquals(9, b2.serverState.optLong("version"));
        assertEquals("changed", b2.error);
        assertEquals(9, b2.baseVersion);
        assertEquals(2, b2.attempts);
        assertEquals("n° b", b2.payload.optString("text"));
        assertEquals(ActionType.NOTE, b2.type);
        assertEquals(Instant.parse("2026-11-25T10:00:00Z"), b2.createdAt);

        s.removeAction("a");
        assertEquals(List.of("b", "c"), s.actions().stream().map(x -> x.clientActionId).toList());
    }

    @Test
    public void metaAndClear() {
        LocalStore s = store();
        s.putMeta("k", "v");
        s.putMeta("k", "w");
        assertEquals("w", s.meta("k"));
        s.putIntervention(intervention(1, 1, "2026-11-25T12:00:00Z"));
        s.enqueue(action("a", 1, ActionType.START));
        s.clear();
        assertNull(s.meta("k"));
        assertTrue(s.interventions().isEmpty());
        assertTrue(s.actions().isEmpty());
    }
}
