package fr.signalement.agent;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import android.content.Context;
import android.os.Handler;
import android.os.Looper;

import fr.signalement.agent.core.AgentApi;
import fr.signalement.agent.core.BlobStore;
import fr.signalement.agent.core.HttpAgentApi;
import fr.signalement.agent.core.LocalStore;
import fr.signalement.agent.core.Session;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.core.TokenStore;
import fr.signalement.agent.data.AndroidKeystoreKeySource;
import fr.signalement.agent.data.FileBlobStore;
import fr.signalement.agent.data.SecureTokenStore;
import fr.signalement.agent.data.SqliteLocalStore;
import fr.signalement.agent.location.Locator;
import fr.signalement.agent.location.SystemLocator;

/**
 * The app's object graph (no DI framework). {@link #get} builds the production graph on first use;
 * tests install their own with {@link #install}.
 */
public final class Services {
    private static Services instance;

    public final AppConfig config;
    public final TokenStore tokens;
    public final LocalStore store;
    public final BlobStore blobs;
    public final AgentApi api;
    public final SyncEngine engine;
    public final Locator locator;
    public final Clock clock;
    /** Whether the map may download tiles (tests turn it off). */
    public volatile boolean mapUsesNetwork = true;
    private final Executor background;
    private final Handler main = new Handler(Looper.getMainLooper());

    public Services(AppConfig config, TokenStore tokens, LocalStore store, BlobStore blobs, AgentApi api,
                    Locator locator, Clock clock, Executor background) {
        this.config = config;
        this.tokens = tokens;
        this.store = store;
        this.blobs = blobs;
        this.api = api;
        this.locator = locator;
        this.clock = clock;
        this.background = background;
        this.engine = new SyncEngine(api, store, blobs, clock);
    }

    public static synchronized Services get(Context context) {
        if (instance == null) {
            Context app = context.getApplicationContext();
            AppConfig config = new AppConfig(app);
            TokenStore tokens = new SecureTokenStore(app, new AndroidKeystoreKeySource());
            Clock clock = Clock.systemUTC();
            instance = new Services(config, tokens, new SqliteLocalStore(app), new FileBlobStore(app),
                    new HttpAgentApi(config::backendUrl, tokens, clock), new SystemLocator(app), clock,
                    Executors.newSingleThreadExecutor(r -> new Thread(r, "signalement-sync")));
        }
        return instance;
    }

    /** Replaces the object graph (tests; or after the backend URL changed: pass null to rebuild). */
    public static synchronized void install(Services services) {
        instance = services;
    }

    public Session session() {
        return tokens.load();
    }

    /** Runs work off the main thread (network, SQLite). */
    public void background(Runnable r) {
        background.execute(r);
    }

    /** Runs on the main thread (immediately when already on it). */
    public void onMain(Runnable r) {
        if (Looper.myLooper() == Looper.getMainLooper()) r.run(); else main.post(r);
    }

    /** Sign-out: revokes the refresh token (best effort), forgets the session and all local data. */
    public void signOut() {
        Session s = tokens.load();
        tokens.clear();
        engine.clearLocalData();
        if (s != null) {
            background(() -> {
                try {
                    api.logout(s.refreshToken);
                } catch (Exception ignored) {
                    // offline: the refresh token expires on its own
                }
            });
        }
    }
}
