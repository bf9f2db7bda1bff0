package fr.signalement.agent.core;

/** Binary cache (citizens' photos, the agent's "after" photos before upload). Thread-safe. */
public interface BlobStore {
    void put(String key, byte[] data);

    /** The bytes, or null when absent. */
    byte[] get(String key);

    boolean has(String key);

    void remove(String key);

    void clear();
}
