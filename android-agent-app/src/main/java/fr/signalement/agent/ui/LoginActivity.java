package fr.signalement.agent.ui;

import java.io.IOException;

import android.app.Activity;
import android.content.Intent;
import android.os.Bundle;
import android.view.View;
import android.view.inputmethod.EditorInfo;
import android.widget.Button;
import android.widget.EditText;
import android.widget.ProgressBar;
import android.widget.TextView;

import fr.signalement.agent.R;
import fr.signalement.agent.Services;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.Session;

/** Sign-in with the staff account (AGENT role). Skipped when a session is stored. */
public final class LoginActivity extends Activity {
    /** Show the form even with a stored session (the session expired: sign in again, keep the queue). */
    public static final String EXTRA_FORCE = "force";
    private static final String META_USER = "userId";

    private Services services;
    private EditText username;
    private EditText password;
    private TextView error;
    private ProgressBar progress;
    private Button submit;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        services = Services.get(this);
        if (services.session() != null && !getIntent().getBooleanExtra(EXTRA_FORCE, false)) {
            openMain();
            return;
        }
        setContentView(R.layout.activity_login);
        username = findViewById(R.id.login_username);
        password = findViewById(R.id.login_password);
        error = findViewById(R.id.login_error);
        progress = findViewById(R.id.login_progress);
        submit = findViewById(R.id.login_submit);
        Session previous = services.session();
        if (previous != null) username.setText(previous.username());
        submit.setOnClickListener(v -> submit());
        password.setOnEditorActionListener((v, id, e) -> {
            if (id == EditorInfo.IME_ACTION_DONE) {
                submit();
                return true;
            }
            return false;
        });
        findViewById(R.id.login_settings).setOnClickListener(v -> startActivity(new Intent(this, SettingsActivity.class)));
    }

    private void submit() {
        String u = username.getText().toString().trim();
        String p = password.getText().toString();
        if (u.isEmpty() || p.isEmpty()) {
            showError(getString(R.string.login_missing_fields));
            return;
        }
        error.setVisibility(View.GONE);
        progress.setVisibility(View.VISIBLE);
        submit.setEnabled(false);
        services.background(() -> {
            String message = null;
            try {
                Session s = services.api.login(u, p);
                services.tokens.save(s);
                if (!s.roles().contains("AGENT")) {
                    services.tokens.clear();
                    message = getString(R.string.login_not_agent);
                } else {
                    // another agent on this tablet: never show (or send) the previous one's data
                    String prev = services.store.meta(META_USER);
                    String me = Long.toString(s.userId());
                    if (prev != null && !prev.equals(me)) services.engine.clearLocalData();
                    services.store.putMeta(META_USER, me);
                }
            } catch (ApiException e) {
                if (e.status == 401 || e.status == 400) message = getString(R.string.login_bad_credentials);
                else if (e.status == 429) message = getString(R.string.login_locked);
                else message = getString(R.string.login_error, e.detail().isEmpty() ? "HTTP " + e.status : e.detail());
            } catch (IOException | RuntimeException e) {
                message = getString(R.string.login_unreachable);
            }
            String m = message;
            services.onMain(() -> {
                progress.setVisibility(View.GONE);
                submit.setEnabled(true);
                if (m == null) openMain(); else showError(m);
            });
        });
    }

    private void showError(String message) {
        error.setText(message);
        error.setVisibility(View.VISIBLE);
    }

    private void openMain() {
        startActivity(new Intent(this, MainActivity.class).addFlags(Intent.FLAG_ACTIVITY_CLEAR_TOP));
        finish();
    }
}
