package fr.signalement.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import android.app.Application;

import org.json.JSONArray;
import org.json.JSONObject;
import org.robolectric.RuntimeEnvironment;

import fr.signalement.agent.core.AgentApi;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.Session;
import fr.signalement.agent.data.FileBlobStore;
import fr.signalement.agent.data.SecureTokenStore;
import fr.signalement.agent.data.SqliteLocalStore;
import fr.signalement.agent.location.Locator;

/**
 * Robolectric test wiring: the real SQLite store, file blob store and encrypted token store, with a
 * software AES key (Robolectric has no AndroidKeyStore provider), a fixed clock, a settable position,
 * work run inline, and an {@link AgentApi} chosen by the test (by default: no network at all).
 */
public final class TestEnv {
    public static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    public final Application app = RuntimeEnvironment.getApplication();
    public final SecureTokenStore tokens = new SecureTokenStore(app, () -> new SecretKeySpec(new byte[32], "AES"));
    public final SqliteLocalStore store = new SqliteLocalStore(app);
    public final FileBlobStore blobs;
    public final FixedLocator locator = new FixedLocator();
    public final Services services;

    public TestEnv(AgentApi api) {
        try {
            blobs = new FileBlobStore(Files.createTempDirectory("blobs").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        services = new Services(new AppConfig(app), tokens, store, blobs, api, locator,
                Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
        services.mapUsesNetwork = false;
        Services.install(services);
    }

    /** Runs what is posted to the main looper (dialog show/click handlers). */
    public static void idle() {
        org.robolectric.Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
    }

    public static void uninstall() {
        Services.install(null);
    }

    public void signIn(String... roles) {
        JSONArray r = new JSONArray();
        for (String role : roles) r.put(role);
        tokens.save(new Session("access-token-secret", "refresh-token-secret", NOW.plusSeconds(3600),
                obj("id", 5, "username", "agent", "displayName", "Marie Dupont", "roles", r, "teamId", 2)));
    }

    /** An intervention as the server would send it. */
    public static Intervention intervention(long id, String status, String dueStatus, Instant dueAt, double lat, double lon) {
        JSONArray photos = new JSONArray().put(obj("id", 100 + id, "kind", "REPORT",
                "url", "/api/v1/photos/" + (100 + id), "thumbnailUrl", "/api/v1/photos/" + (100 + id) + "/thumbnail"));
        JSONArray timeline = new JSONArray()
                .put(obj("at", "2026-11-24T08:00:00Z", "actor", "Système", "from", JSONObject.NULL, "to", "NEW", "note", JSONObject.NULL))
                .put(obj("at", "2026-11-24T10:00:00Z", "actor", "Jean Martin", "from", "QUALIFIED", "to", "ASSIGNED", "note", "Priorité école"));
        return new Intervention(obj("id", id, "version", 3, "status", status,
                "statusLabel", "ASSIGNED".equals(status) ? "Assignée" : "IN_PROGRESS".equals(status) ? "En cours" : "Résolue",
                "category", obj("code", "NID_DE_POULE", "label", "Nid de poule #" + id),
                "lat", lat, "lon", lon, "address", id + " rue de Rivoli", "quartier", "Saint-Merri",
                "commune", obj("inseeCode", "75056", "name", "Paris"),
                "description", "Trou profond devant l'école", "reportCount", 3, "dueAt", dueAt.toString(),
                "dueStatus", dueStatus, "teamId", 2, "agentId", JSONObject.NULL, "photos", photos, "timeline", timeline,
                "work", obj("notes", new JSONArray(), "measurements", new JSONArray(), "minutesSpent", 0, "materials", new JSONArray())));
    }

    public static JSONObject obj(Object... kv) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }

    /** No network: every call fails like a tablet in a basement. */
    public static class OfflineApi implements AgentApi {
        public int calls;

        @Override public Session login(String u, String p) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public void logout(String r) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public List<Intervention> interventions() throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public Intervention intervention(long id) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public ActionResult postAction(long id, JSONObject body) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public JSONObject uploadPhoto(long id, String c, long v, byte[] j) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public byte[] download(String url) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public JSONObject fieldSettings() throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public JSONObject postReport(JSONObject r, String key) throws IOException, ApiException { calls++; throw new IOException("offline"); }
        @Override public JSONArray categories() throws IOException, ApiException { calls++; throw new IOException("offline"); }
    }

    /** Settable position. */
    public static final class FixedLocator implements Locator {
        public volatile Fix fix;
        public final List<Listener> listening = new java.util.concurrent.CopyOnWriteArrayList<>();

        /** A fresh, precise fix (± 8 m, now). */
        public void at(double lat, double lon) { fix = new Fix(lat, lon, 8f, NOW.toEpochMilli()); }
        /** A new fix from the GPS, given to whoever listens. */
        public void emit(Fix f) { fix = f; for (Listener l : listening) l.onFix(f); }
        @Override public Fix lastFix() { return fix; }
        @Override public void start(Listener l) { listening.add(l); if (fix != null) l.onFix(fix); }
        @Override public void stop(Listener l) { listening.remove(l); }
    }

    public static File tempFile(String prefix) throws IOException {
        return Files.createTempFile(prefix, ".tmp").toFile();
    }
}
