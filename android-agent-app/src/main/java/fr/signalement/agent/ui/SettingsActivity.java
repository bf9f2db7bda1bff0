package fr.signalement.agent.ui;

import android.app.Activity;
import android.os.Bundle;
import android.widget.EditText;
import android.widget.Toast;

import fr.signalement.agent.AppConfig;
import fr.signalement.agent.R;
import fr.signalement.agent.Services;

/** Backend URL, map tile source, resolve distance threshold. */
public final class SettingsActivity extends Activity {
    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        setContentView(R.layout.activity_settings);
        AppConfig config = Services.get(this).config;
        EditText backend = findViewById(R.id.settings_backend_url);
        EditText tiles = findViewById(R.id.settings_tile_url);
        EditText distance = findViewById(R.id.settings_max_distance);
        backend.setText(config.backendUrl());
        tiles.setText(config.tileUrl());
        distance.setText(Integer.toString(config.resolveMaxDistanceM()));
        findViewById(R.id.settings_save).setOnClickListener(v -> {
            int d;
            try {
                d = Integer.parseInt(distance.getText().toString().trim());
            } catch (NumberFormatException e) {
                distance.setError(getString(R.string.invalid_input));
                return;
            }
            String b = backend.getText().toString().trim();
            if (!b.startsWith("http://") && !b.startsWith("https://")) {
                backend.setError(getString(R.string.invalid_input));
                return;
            }
            config.save(b, tiles.getText().toString(), d);
            Toast.makeText(this, R.string.settings_saved, Toast.LENGTH_SHORT).show();
            finish();
        });
    }
}
