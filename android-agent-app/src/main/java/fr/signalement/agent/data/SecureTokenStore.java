package fr.signalement.agent.data;

import java.nio.charset.StandardCharsets;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import android.content.Context;
import android.content.SharedPreferences;
import android.util.Base64;
import android.util.Log;

import fr.signalement.agent.core.Session;
import fr.signalement.agent.core.TokenStore;

/**
 * Keeps the session (JWT access token, refresh token, user) in private SharedPreferences, encrypted
 * with AES/GCM under a key from a {@link KeySource} (the Android Keystore in the app). If the key is
 * lost (restore on another device, keystore reset) the session is dropped and the agent signs in again.
 */
public final class SecureTokenStore implements TokenStore {
    private static final String TAG = "SecureTokenStore";
    private static final String PREFS = "session";
    private static final String VALUE = "v1";

    private final SharedPreferences prefs;
    private final KeySource keys;

    public SecureTokenStore(Context context, KeySource keys) {
        this.prefs = context.getApplicationContext().getSharedPreferences(PREFS, Context.MODE_PRIVATE);
        this.keys = keys;
    }

    @Override
    public synchronized Session load() {
        String stored = prefs.getString(VALUE, null);
        if (stored == null) return null;
        try {
            byte[] all = Base64.decode(stored, Base64.NO_WRAP);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, keys.key(), new GCMParameterSpec(128, all, 0, 12));
            byte[] plain = c.doFinal(all, 12, all.length - 12);
            return Session.fromJsonString(new String(plain, StandardCharsets.UTF_8));
        } catch (Exception e) {
            Log.w(TAG, "Stored session unreadable, dropped", e);
            clear();
            return null;
        }
    }

    @Override
    public synchronized void save(Session session) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keys.key()); // the provider picks a fresh random IV
            byte[] iv = c.getIV();
            byte[] enc = c.doFinal(session.toJsonString().getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[iv.length + enc.length];
            System.arraycopy(iv, 0, all, 0, iv.length);
            System.arraycopy(enc, 0, all, iv.length, enc.length);
            prefs.edit().putString(VALUE, Base64.encodeToString(all, Base64.NO_WRAP)).commit();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot store the session securely", e);
        }
    }

    /** The raw stored value (tests check that no token appears in clear). */
    public synchronized String rawStoredValue() {
        return prefs.getString(VALUE, null);
    }

    @Override
    public synchronized void clear() {
        prefs.edit().clear().commit();
    }
}
