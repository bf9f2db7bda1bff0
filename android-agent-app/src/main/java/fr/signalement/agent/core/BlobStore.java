package fr.signalement.agent.core;

/** Binary cache (citizens' photos, the agent's "after" photos before upload). Thread-safe. */
public interface BlobStore {
    void put(String key, byte[] data);

    /** The bytes, or null when absent. */
    byte[] get(String key);

    boolean has(String key);

    void remove(String key);

    void clear();

    /** Deletes the blobs whose key starts with {@code prefix} and is not in {@code keep}. */
    void retain(String prefix, java.util.Set<String> keep);
}
