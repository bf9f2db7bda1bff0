package fr.signalement.agent;

import android.content.Context;
import android.content.SharedPreferences;

/**
 * Device-level settings (not cleared at sign-out): backend URL, map tile source. The rules of a
 * proof of fix are the server's ({@link fr.signalement.agent.core.ProofRules}), not the tablet's. Defaults come from resources (the backend URL from the Maven
 * property {@code signalement.defaultBackendUrl}, see README).
 */
public final class AppConfig {
    private static final String PREFS = "config";
    private static final String BACKEND_URL = "backendUrl";
    private static final String TILE_URL = "tileUrl";

    private final Context context;
    private final SharedPreferences prefs;

    public AppConfig(Context context) {
        this.context = context.getApplicationContext();
        this.prefs = this.context.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
    }

    public String backendUrl() {
        return prefs.getString(BACKEND_URL, context.getString(R.string.default_backend_url));
    }

    /** Tile URL base ({z}/{x}/{y}.png are appended), e.g. https://tile.openstreetmap.org/ . */
    public String tileUrl() {
        return prefs.getString(TILE_URL, context.getString(R.string.default_tile_url));
    }

    /** The app's versionName (sent when the tablet registers for new-job alerts). */
    public String appVersion() {
        try {
            return context.getPackageManager().getPackageInfo(context.getPackageName(), 0).versionName;
        } catch (android.content.pm.PackageManager.NameNotFoundException | RuntimeException e) {
            return null;
        }
    }

    public void save(String backendUrl, String tileUrl) {
        prefs.edit()
                .putString(BACKEND_URL, backendUrl.trim())
                .putString(TILE_URL, tileUrl.trim().endsWith("/") ? tileUrl.trim() : tileUrl.trim() + "/")
                .apply();
    }
}
