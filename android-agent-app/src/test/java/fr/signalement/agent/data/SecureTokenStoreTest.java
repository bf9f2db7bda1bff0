package fr.signalement.agent.data;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;

import fr.signalement.agent.core.Session;

@RunWith(RobolectricTestRunner.class)
public class SecureTokenStoreTest {
    private static KeySource key(byte b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, b);
        return () -> new SecretKeySpec(k, "AES");
    }

    @Test
    public void roundTripIsEncryptedAtRest() throws Exception {
        SecureTokenStore store = new SecureTokenStore(RuntimeEnvironment.getApplication(), key((byte) 1));
        store.save(new Session("eyJhbGciOiJSUzI1NiJ9.access", "refresh-123", Instant.parse("2026-11-25T10:00:00Z"),
                new JSONObject().put("id", 5).put("username", "agent").put("teamId", 2)));
        String raw = store.rawStoredValue();
        assertFalse(raw.contains("eyJhbGciOiJSUzI1NiJ9") || raw.contains("refresh-123") || raw.contains("agent"));
        Session s = store.load();
        assertEquals("eyJhbGciOiJSUzI1NiJ9.access", s.accessToken);
        assertEquals("refresh-123", s.refreshToken);
        assertEquals(Long.valueOf(2), s.teamId());
        store.clear();
        assertNull(store.load());
    }

    @Test
    public void lostKeyDropsTheSession() {
        SecureTokenStore a = new SecureTokenStore(RuntimeEnvironment.getApplication(), key((byte) 1));
        a.save(new Session("x", "y", Instant.now(), new JSONObject()));
        SecureTokenStore b = new SecureTokenStore(RuntimeEnvironment.getApplication(), key((byte) 2));
        assertNull(b.load());
        assertNull(a.rawStoredValue());
    }
}
