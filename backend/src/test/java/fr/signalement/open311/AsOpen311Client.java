package fr.signalement.open311;

import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What tests posting to /open311/v2 as a client application share: a {@link MediaHost} for their
 * media_url, up while the class runs, and the client's api_key, created on a test's first use (JUnit
 * makes an instance per test, so each test is a client of its own).
 */
abstract class AsOpen311Client {
    static MediaHost media;

    @Inject
    Open311Clients clients;

    private String apiKey;

    @BeforeAll
    static void startMedia() {
        media = new MediaHost();
    }

    @AfterAll
    static void stopMedia() {
        media.close();
    }

    /** This test's api_key. */
    String key() {
        if (apiKey == null) {
            apiKey = newKey();
        }
        return apiKey;
    }

    /** The api_key of another client application. */
    String newKey() {
        return clients.create("Test client " + getClass().getSimpleName() + " " + System.nanoTime(), "dev@client.example",
                null, "test").apiKey();
    }
}
