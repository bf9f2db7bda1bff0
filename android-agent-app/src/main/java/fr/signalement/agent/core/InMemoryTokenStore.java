package fr.signalement.agent.core;

/** Non-persistent {@link TokenStore} (plain JVM tests). */
public final class InMemoryTokenStore implements TokenStore {
    private volatile Session session;

    @Override public Session load() { return session; }
    @Override public void save(Session s) { session = s; }
    @Override public void clear() { session = null; }
}
