package fr.signalement.agent.core;

/** Where the session (JWT access token + refresh token) is kept; Android encrypts it at rest. */
public interface TokenStore {
    Session load();

    void save(Session session);

    void clear();
}
