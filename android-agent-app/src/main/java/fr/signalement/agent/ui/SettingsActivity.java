package fr.signalement.agent.ui;

import android.app.Activity;
import android.os.Bundle;
import android.widget.EditText;
import android.widget.TextView;
import android.widget.Toast;

import fr.signalement.agent.AppConfig;
import fr.signalement.agent.R;
import fr.signalement.agent.Services;
import fr.signalement.agent.core.ProofRules;
import fr.signalement.agent.map.SectorMap;
import fr.signalement.agent.map.TilePrefetcher;

/** Backend URL, map tile source; the server's proof rules, shown (they are not the tablet's to change). */
public final class SettingsActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_settings);
        AppConfig config = Services.get(this).config;
        EditText backend = findViewById(R.id.settings_backend_url);
        EditText tiles = findViewById(R.id.settings_tile_url);
        backend.setText(config.backendUrl());
        tiles.setText(config.tileUrl());
        ProofRules rules = Services.get(this).engine.proofRules();
        ((TextView) findViewById(R.id.settings_proof_rules)).setText(getString(R.string.settings_proof_rules,
                (int) Math.round(rules.resolveMaxDistanceM()), rules.fixMaxAgeS(), rules.fixAccuracyM(), rules.fixTimeoutS()));
        Services services = Services.get(this);
        showOfflineMap(services);
        findViewById(R.id.settings_notifications_open).setOnClickListener(v -> startActivity(
                new android.content.Intent(android.provider.Settings.ACTION_APP_NOTIFICATION_SETTINGS)
                        .putExtra(android.provider.Settings.EXTRA_APP_PACKAGE, getPackageName())));
        findViewById(R.id.settings_prefetch).setOnClickListener(v -> {
            ((TextView) findViewById(R.id.settings_offline_map)).setText(R.string.settings_prefetch_running);
            v.setEnabled(false);
            services.background(() -> {
                try {
                    SectorMap.prefetch(this, services);
                } catch (RuntimeException e) {
                    // shown below as the cache's state
                }
                services.onMain(() -> {
                    v.setEnabled(true);
                    showOfflineMap(services);
                });
            });
        });
        findViewById(R.id.settings_save).setOnClickListener(v -> {
            String b = backend.getText().toString().trim();
            if (!b.startsWith("http://") && !b.startsWith("https://")) {
                backend.setError(getString(R.string.invalid_input));
                return;
            }
            config.save(b, tiles.getText().toString());
            Toast.makeText(this, R.string.settings_saved, Toast.LENGTH_SHORT).show();
            finish();
        });
    }

    @Override
    protected void onResume() {
        super.onResume();
        showNotificationHint();
    }

    /** Refused notifications (Android 13+ permission, or switched off): say what it means and where to allow them. */
    private void showNotificationHint() {
        boolean refused = (android.os.Build.VERSION.SDK_INT >= 33
                && checkSelfPermission(android.Manifest.permission.POST_NOTIFICATIONS)
                        != android.content.pm.PackageManager.PERMISSION_GRANTED)
                || !fr.signalement.agent.sync.JobNotifier.enabled(this);
        int v = refused ? android.view.View.VISIBLE : android.view.View.GONE;
        findViewById(R.id.settings_notifications_off).setVisibility(v);
        findViewById(R.id.settings_notifications_open).setVisibility(v);
    }

    /** The offline map's size, bounded (≈ 15 KiB a tile). */
    private void showOfflineMap(Services services) {
        int maxMb = TilePrefetcher.MAX_TILES * 15 / 1024;
        TextView t = findViewById(R.id.settings_offline_map);
        String meta = services.store.meta(SectorMap.META);
        if (meta == null) {
            t.setText(getString(R.string.settings_offline_map_none, TilePrefetcher.MAX_TILES, maxMb));
            return;
        }
        long tiles = 0;
        try {
            tiles = new org.json.JSONObject(meta).optLong("tiles");
        } catch (org.json.JSONException ignored) {
            // shown as 0
        }
        t.setText(getString(R.string.settings_offline_map_state, (int) tiles, TilePrefetcher.MAX_TILES, maxMb,
                TilePrefetcher.MIN_ZOOM, TilePrefetcher.MAX_ZOOM));
    }
}
