package fr.signalement.agent.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.json.JSONObject;

/** In-JVM {@link LocalStore} (plain JVM tests of the sync engine; same semantics as the SQLite one). */
public final class InMemoryLocalStore implements LocalStore {
    private final Map<Long, String> interventions = new LinkedHashMap<>();
    private final Map<String, PendingAction> actions = new LinkedHashMap<>();
    private final Map<String, String> meta = new HashMap<>();
    private long nextSeq = 1;

    @Override public synchronized void putIntervention(Intervention i) { interventions.put(i.id(), i.toJsonString()); }

    @Override public synchronized Intervention intervention(long id) {
        String s = interventions.get(id);
        return s == null ? null : Intervention.parse(s);
    }

    @Override public synchronized List<Intervention> interventions() {
        List<Intervention> out = new ArrayList<>();
        for (String s : interventions.values()) out.add(Intervention.parse(s));
        return out;
    }

    @Override public synchronized void retainInterventions(Collection<Long> keep) {
        Set<Long> k = new HashSet<>(keep);
        interventions.keySet().removeIf(id -> !k.contains(id));
    }

    @Override public synchronized void enqueue(PendingAction a) {
        a.seq = nextSeq++;
        actions.put(a.clientActionId, copy(a));
    }

    @Override public synchronized void updateAction(PendingAction a) {
        if (actions.containsKey(a.clientActionId)) actions.put(a.clientActionId, copy(a));
    }

    @Override public synchronized void removeAction(String clientActionId) { actions.remove(clientActionId); }

    @Override public synchronized List<PendingAction> actions() {
        List<PendingAction> out = new ArrayList<>();
        for (PendingAction a : actions.values()) out.add(copy(a));
        out.sort((x, y) -> Long.compare(x.seq, y.seq));
        return out;
    }

    @Override public synchronized void putMeta(String key, String value) { meta.put(key, value); }

    @Override public synchronized String meta(String key) { return meta.get(key); }

    @Override public synchronized void clear() {
        interventions.clear();
        actions.clear();
        meta.clear();
    }

    /** Copies, so callers cannot change the stored state without {@link #updateAction}. */
    private static PendingAction copy(PendingAction a) {
        try {
            PendingAction c = new PendingAction(a.clientActionId, a.interventionId, a.type, a.baseVersion,
                    new JSONObject(a.payload.toString()), a.blobKey, a.createdAt);
            c.seq = a.seq;
            c.state = a.state;
            c.serverState = a.serverState == null ? null : new JSONObject(a.serverState.toString());
            c.error = a.error;
            c.errorField = a.errorField;
            c.attempts = a.attempts;
            return c;
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
    }
}
