package fr.signalement.agent.data;

import javax.crypto.SecretKey;

/** Provides the AES key that encrypts the session at rest. */
public interface KeySource {
    SecretKey key() throws Exception;
}
