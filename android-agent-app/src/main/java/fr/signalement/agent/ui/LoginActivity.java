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
    /** Who the queued actions are from: named when another agent signs in on this tablet. */
    private static final String META_USER_NAME = "userName";
    private android.app.AlertDialog handover;

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
            Session signedIn = null;
            try {
                Session s = services.api.login(u, p);
                if (!s.roles().contains("AGENT")) {
                    message = getString(R.string.login_not_agent);
                    revoke(s);
                } else {
                    signedIn = s;
                }
            } catch (ApiException e) {
                if (e.status == 401 || e.status == 400) message = getString(R.string.login_bad_credentials);
                else if (e.status == 429) message = getString(R.string.login_locked);
                else message = getString(R.string.login_error, e.detail().isEmpty() ? "HTTP " + e.status : e.detail());
            } catch (IOException | RuntimeException e) {
                message = getString(R.string.login_unreachable);
            }
            String m = message;
            Session s = signedIn;
            services.onMain(() -> {
                progress.setVisibility(View.GONE);
                submit.setEnabled(true);
                if (m != null) showError(m); else signedIn(s);
            });
        });
    }

    /**
     * Another agent on this tablet: the previous one's cached interventions are not theirs to see,
     * but unsent actions are never dropped silently. The new agent takes them over (sends them in
     * their own name: the previous agent's actions are named in the dialog), or gives the tablet back
     * so the previous agent signs in and sends them.
     */
    private void signedIn(Session s) {
        String prev = services.store.meta(META_USER);
        String me = Long.toString(s.userId());
        int queued = services.engine.queuedCount();
        if (prev == null || prev.equals(me) || queued == 0) {
            if (prev != null && !prev.equals(me)) services.engine.clearLocalData();
            start(s);
            return;
        }
        String who = services.store.meta(META_USER_NAME);
        if (who == null || who.isEmpty()) who = getString(R.string.handover_previous_agent);
        String previousName = who;
        handover = new android.app.AlertDialog.Builder(this)
                .setTitle(R.string.handover_title)
                .setMessage(getResources().getQuantityString(R.plurals.handover_message, queued, previousName, queued))
                .setCancelable(false)
                .setPositiveButton(R.string.handover_take, (d, w) -> {
                    services.engine.forgetCacheKeepingQueue();
                    start(s);
                })
                .setNegativeButton(R.string.handover_give_back, (d, w) -> {
                    revoke(s);
                    username.setText(services.store.meta(META_USER_LOGIN));
                    password.setText("");
                    showError(getString(R.string.handover_given_back, previousName));
                })
                .show();
    }

    /** The dialog asking what to do with another agent's queue (tests). */
    public android.app.AlertDialog handoverDialog() { return handover; }

    private static final String META_USER_LOGIN = "userLogin";

    private void start(Session s) {
        services.tokens.save(s);
        services.store.putMeta(META_USER, Long.toString(s.userId()));
        services.store.putMeta(META_USER_NAME, s.displayName());
        services.store.putMeta(META_USER_LOGIN, s.username());
        openMain();
    }

    private void revoke(Session s) {
        services.background(() -> {
            try {
                services.api.logout(s.refreshToken);
            } catch (Exception ignored) {
                // best effort: the refresh token expires on its own
            }
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
