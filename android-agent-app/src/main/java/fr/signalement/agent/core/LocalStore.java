package fr.signalement.agent.core;

import java.util.Collection;
import java.util.List;

/**
 * Local offline storage of the cached interventions and of the action queue. Android uses the
 * SQLite implementation ({@code fr.signalement.agent.data.SqliteLocalStore}); plain JVM tests use
 * {@link InMemoryLocalStore}. Implementations must be thread-safe.
 */
public interface LocalStore {
    /** Inserts or replaces the cached server state of an intervention. */
    void putIntervention(Intervention intervention);

    /** The cached server state, or null. */
    Intervention intervention(long id);

    List<Intervention> interventions();

    /** Removes cached interventions whose id is not in {@code keep}. */
    void retainInterventions(Collection<Long> keep);

    /** Appends an action to the queue (assigns {@link PendingAction#seq}). */
    void enqueue(PendingAction action);

    /** Persists a change of state / baseVersion / serverState / error / attempts. */
    void updateAction(PendingAction action);

    void removeAction(String clientActionId);

    /** All queued actions, in the order they were recorded. */
    List<PendingAction> actions();

    void putMeta(String key, String value);

    String meta(String key);

    /** Deletes everything (sign-out). */
    void clear();
}
