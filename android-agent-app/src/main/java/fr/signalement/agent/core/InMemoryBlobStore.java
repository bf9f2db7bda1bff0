package fr.signalement.agent.core;

import java.util.concurrent.ConcurrentHashMap;

/** In-JVM {@link BlobStore} for plain JVM tests. */
public final class InMemoryBlobStore implements BlobStore {
    private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override public void put(String key, byte[] data) { blobs.put(key, data.clone()); }
    @Override public byte[] get(String key) { byte[] b = blobs.get(key); return b == null ? null : b.clone(); }
    @Override public boolean has(String key) { return blobs.containsKey(key); }
    @Override public void remove(String key) { blobs.remove(key); }
    @Override public void clear() { blobs.clear(); }
    @Override public void retain(String prefix, java.util.Set<String> keep) {
        blobs.keySet().removeIf(k -> k.startsWith(prefix) && !keep.contains(k));
    }
    public int size() { return blobs.size(); }
}
