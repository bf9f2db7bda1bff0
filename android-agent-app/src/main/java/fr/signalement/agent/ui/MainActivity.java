package fr.signalement.agent.ui;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import android.Manifest;
import android.app.Activity;
import android.app.AlertDialog;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.os.Bundle;
import android.view.View;
import android.widget.Button;
import android.widget.ListView;
import android.widget.TextView;

import fr.signalement.agent.R;
import fr.signalement.agent.Services;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.PendingAction;
import fr.signalement.agent.core.Session;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.core.SyncReport;
import fr.signalement.agent.location.Locator;
import fr.signalement.agent.sync.SyncScheduler;

/**
 * The team's interventions: list sorted by due time and map. Side by side on tablets
 * (layout-sw600dp), switchable with two tabs on phones. Syncs on resume and on pull-to-refresh.
 */
public final class MainActivity extends Activity implements SyncEngine.Listener, Locator.Listener {
    private static final int REQ_LOCATION = 1;

    private Services services;
    private InterventionAdapter adapter;
    private MapController map;
    private TextView status;
    private TextView empty;
    private boolean syncing;
    private SyncReport lastReport;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        services = Services.get(this);
        Session session = services.session();
        if (session == null) {
            startActivity(new Intent(this, LoginActivity.class));
            finish();
            return;
        }
        setContentView(R.layout.activity_main);
        SyncScheduler.schedulePeriodic(this);
        SyncScheduler.listenForJobs(this);
        ((TextView) findViewById(R.id.main_hello)).setText(getString(R.string.hello_agent, session.displayName()));
        status = findViewById(R.id.main_status);
        empty = findViewById(R.id.main_empty);
        status.setOnClickListener(v -> {
            if (lastReport != null && lastReport.authRequired) {
                startActivity(new Intent(this, LoginActivity.class).putExtra(LoginActivity.EXTRA_FORCE, true));
            }
        });

        adapter = new InterventionAdapter(this);
        ListView list = findViewById(R.id.main_list);
        list.setAdapter(adapter);
        list.setOnItemClickListener((parent, view, position, id) -> openIntervention(id));
        ((PullToRefreshLayout) findViewById(R.id.main_refresh)).setOnRefreshListener(this::requestSync);

        // The commune's tile source (server's field settings, cached at sync), else the tablet's.
        map = new MapController(this, findViewById(R.id.main_map_container), TemplateTileSource.of(
                services.engine.fieldSettings().optJSONObject("map"), services.config.tileUrl(),
                getString(R.string.map_attribution)), services.mapUsesNetwork);

        Button showList = findViewById(R.id.main_show_list);
        Button showMap = findViewById(R.id.main_show_map);
        if (showList != null && showMap != null) { // phone layout: one at a time
            showList.setOnClickListener(v -> showMap(false));
            showMap.setOnClickListener(v -> showMap(true));
            showMap(savedInstanceState != null && savedInstanceState.getBoolean("map"));
        }
        findViewById(R.id.main_sync).setOnClickListener(v -> requestSync());
        findViewById(R.id.main_sign_out).setOnClickListener(v -> confirmSignOut());

        // One request for all that is missing (two at once would drop the second): the position, and on
        // Android 13+ the notifications of new jobs. Refused notifications: jobs still reach the list
        // at each sync, and Paramètres says how to allow them.
        java.util.List<String> missing = new java.util.ArrayList<>();
        if (checkSelfPermission(Manifest.permission.ACCESS_FINE_LOCATION) != PackageManager.PERMISSION_GRANTED) {
            missing.add(Manifest.permission.ACCESS_FINE_LOCATION);
            missing.add(Manifest.permission.ACCESS_COARSE_LOCATION);
        }
        if (android.os.Build.VERSION.SDK_INT >= 33
                && checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED) {
            missing.add(Manifest.permission.POST_NOTIFICATIONS);
        }
        if (!missing.isEmpty()) requestPermissions(missing.toArray(new String[0]), REQ_LOCATION);
    }

    /** True when the list and the map are both on screen (tablet layout). */
    public boolean isSideBySide() {
        return findViewById(R.id.main_show_map) == null;
    }

    public MapController mapController() { return map; }

    private boolean mapShown;

    private void showMap(boolean showMap) {
        mapShown = showMap;
        findViewById(R.id.main_map_container).setVisibility(showMap ? View.VISIBLE : View.GONE);
        findViewById(R.id.main_refresh).setVisibility(showMap ? View.GONE : View.VISIBLE);
        findViewById(R.id.main_show_map).setEnabled(!showMap);
        findViewById(R.id.main_show_list).setEnabled(showMap);
    }

    @Override
    protected void onSaveInstanceState(Bundle out) {
        super.onSaveInstanceState(out);
        out.putBoolean("map", mapShown);
    }

    @Override
    protected void onResume() {
        super.onResume();
        if (map == null) return;
        services.engine.addListener(this);
        map.onResume();
        services.locator.start(this);
        map.showPosition(services.locator.lastFix());
        refresh();
        requestSync();
    }

    @Override
    protected void onPause() {
        super.onPause();
        if (map == null) return;
        services.engine.removeListener(this);
        services.locator.stop(this);
        map.onPause();
    }

    @Override
    protected void onDestroy() {
        super.onDestroy();
        if (map != null) map.onDestroy();
    }

    @Override
    public void onRequestPermissionsResult(int requestCode, String[] permissions, int[] grantResults) {
        if (requestCode == REQ_LOCATION) {
            services.locator.stop(this);
            services.locator.start(this);
        }
    }

    @Override
    public void onLocalDataChanged() {
        services.onMain(this::refresh);
    }

    @Override
    public void onFix(Locator.Fix fix) {
        services.onMain(() -> map.showPosition(fix));
    }

    /** Replays the queue and pulls fresh data in the background. */
    public void requestSync() {
        if (syncing) return;
        syncing = true;
        updateStatus();
        services.background(() -> {
            SyncReport r = services.engine.sync();
            services.onMain(() -> {
                syncing = false;
                lastReport = r;
                if (r.offline && r.stillQueued > 0) SyncScheduler.syncSoon(this);
                refresh();
            });
        });
    }

    private void refresh() {
        if (isFinishing() || isDestroyed()) return;
        List<Intervention> items = services.engine.views();
        Map<Long, Integer> pending = new HashMap<>();
        for (PendingAction a : services.store.actions()) pending.merge(a.interventionId, 1, Integer::sum);
        adapter.set(items, pending, services.clock.instant());
        empty.setVisibility(items.isEmpty() ? View.VISIBLE : View.GONE);
        // The server's box of the team's sector (cached at sync) first; without it, the work.
        map.openOn(fr.signalement.agent.map.SectorMap.serverSector(services.engine.fieldSettings()));
        map.show(items, this::openIntervention);
        updateStatus();
    }

    private void updateStatus() {
        if (status == null) return;
        StringBuilder sb = new StringBuilder();
        int color = 0;
        if (syncing) {
            sb.append(getString(R.string.sync_running));
        } else if (lastReport != null && lastReport.authRequired) {
            sb.append(getString(R.string.sync_auth_required));
            color = getColor(R.color.banner_conflict);
        } else {
            if (lastReport != null && lastReport.offline) {
                sb.append(getString(R.string.sync_offline)).append(" · ");
                color = getColor(R.color.banner_offline);
            }
            java.time.Instant last = services.engine.lastSyncAt();
            sb.append(last == null ? getString(R.string.sync_never)
                    : getString(R.string.sync_last, Format.time(last, java.time.ZoneId.systemDefault())));
        }
        int queued = services.engine.queuedCount();
        int problems = services.engine.problems().size();
        if (queued - problems > 0) sb.append(" · ").append(getString(R.string.sync_queued, queued - problems));
        if (problems > 0) {
            sb.append(" · ").append(getString(R.string.sync_problems, problems));
            color = getColor(R.color.banner_conflict);
        }
        status.setText(sb.toString());
        status.setBackgroundColor(color);
    }

    private void openIntervention(long id) {
        startActivity(new Intent(this, InterventionActivity.class).putExtra(InterventionActivity.EXTRA_ID, id));
    }

    private void confirmSignOut() {
        int queued = services.engine.queuedCount();
        new AlertDialog.Builder(this)
                .setMessage(queued > 0 ? getString(R.string.sign_out_confirm_pending, queued) : getString(R.string.sign_out_confirm))
                .setPositiveButton(R.string.yes, (d, w) -> signOut())
                .setNegativeButton(R.string.no, null)
                .show();
    }

    private void signOut() {
        services.signOut();
        SyncScheduler.cancelAll(this);
        startActivity(new Intent(this, LoginActivity.class).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK | Intent.FLAG_ACTIVITY_CLEAR_TASK));
        finish();
    }
}
