package fr.signalement.agent.ui;

import java.io.File;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.ActivityNotFoundException;
import android.content.ClipData;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.net.Uri;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.provider.MediaStore;
import android.text.InputType;
import android.view.View;
import android.widget.Button;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.TextView;
import android.widget.Toast;

import org.json.JSONArray;
import org.json.JSONObject;

import fr.signalement.agent.R;
import fr.signalement.agent.Services;
import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.Geo;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.PendingAction;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.data.PhotoCaptureProvider;
import fr.signalement.agent.core.ProofRules;
import fr.signalement.agent.location.FreshFix;
import fr.signalement.agent.location.Locator;
import fr.signalement.agent.sync.SyncScheduler;

/**
 * One intervention: what was reported (category, address, description, citizens' photos, reporter
 * count, due date, timeline), the work done, queued actions and conflicts; and the field actions.
 * Every action is recorded locally first (works offline) and synced in the background.
 */
public final class InterventionActivity extends Activity implements SyncEngine.Listener {
    public static final String EXTRA_ID = "interventionId";
    static final int REQ_PHOTO = 10;

    private Services services;
    private long id;
    private Intervention current;
    private AlertDialog lastDialog;
    private FreshFix fixRequest;

    @Override
    protected void onCreate(Bundle savedInstanceState) {
        super.onCreate(savedInstanceState);
        services = Services.get(this);
        id = getIntent().getLongExtra(EXTRA_ID, -1);
        setContentView(R.layout.activity_intervention);
        findViewById(R.id.action_go).setOnClickListener(v -> goThere());
        findViewById(R.id.action_start).setOnClickListener(v -> record(ActionType.START, new JSONObject()));
        findViewById(R.id.action_note).setOnClickListener(v -> askNote());
        findViewById(R.id.action_measurement).setOnClickListener(v -> askMeasurement());
        findViewById(R.id.action_time).setOnClickListener(v -> askTime());
        findViewById(R.id.action_material).setOnClickListener(v -> askMaterial());
        findViewById(R.id.action_photo).setOnClickListener(v -> takePhoto(SyncEngine.PHOTO_AFTER));
        findViewById(R.id.action_before_photo).setOnClickListener(v -> takePhoto(SyncEngine.PHOTO_BEFORE));
        if (savedInstanceState != null) photoKind = savedInstanceState.getString("photoKind", SyncEngine.PHOTO_AFTER);
        findViewById(R.id.action_resolve).setOnClickListener(v -> askResolve());
        findViewById(R.id.action_cant_fix).setOnClickListener(v -> askCantFix());
        findViewById(R.id.action_new_problem).setOnClickListener(v -> askNewProblem());
    }

    @Override
    protected void onResume() {
        super.onResume();
        services.engine.addListener(this);
        render();
    }

    @Override
    protected void onDestroy() {
        if (fixRequest != null) fixRequest.cancel();
        super.onDestroy();
    }

    @Override
    protected void onPause() {
        super.onPause();
        services.engine.removeListener(this);
    }

    @Override
    public void onLocalDataChanged() {
        services.onMain(this::render);
    }

    /** The dialog opened last (tests). */
    public AlertDialog lastDialog() { return lastDialog; }

    // ------------------------------------------------------------------ display

    private void render() {
        if (isFinishing() || isDestroyed()) return;
        current = services.engine.view(id);
        TextView category = findViewById(R.id.detail_category);
        if (current == null) {
            category.setText(R.string.not_found);
            setActionsEnabled(false, false);
            return;
        }
        Intervention i = current;
        Instant now = services.clock.instant();
        setTitle(i.categoryLabel());
        category.setText(i.categoryLabel());
        TextView status = findViewById(R.id.detail_status);
        status.setText(i.statusLabel() + (i.isResolved() ? "" : " · " + Format.dueStatus(this, i.dueStatus())));
        status.setTextColor(DueColors.color(this, i));
        String address = i.place();
        ((TextView) findViewById(R.id.detail_address)).setText(address);
        ((TextView) findViewById(R.id.detail_due)).setText(Format.due(this, i.dueAt(), now));
        ((TextView) findViewById(R.id.detail_reports)).setText(getString(R.string.report_count, i.reportCount()));
        ((TextView) findViewById(R.id.detail_description)).setText(
                i.description().isEmpty() ? getString(R.string.no_description) : i.description());

        LinearLayout photos = findViewById(R.id.detail_photos);
        LinearLayout after = findViewById(R.id.detail_after_photos);
        LinearLayout before = findViewById(R.id.detail_before_photos);
        before.removeAllViews();
        photos.removeAllViews();
        after.removeAllViews();
        for (Intervention.Photo p : i.photos()) (p.isAfter() ? after : p.isBefore() ? before : photos).addView(photoView(p));
        if (before.getChildCount() == 0) before.addView(text(getString(R.string.no_photos)));
        if (photos.getChildCount() == 0) photos.addView(text(getString(R.string.no_photos)));
        if (after.getChildCount() == 0) after.addView(text(getString(R.string.no_photos)));

        renderWork(i);
        renderQueue();
        renderTimeline(i);

        boolean open = !i.isResolved();
        setActionsEnabled(open, "ASSIGNED".equals(i.status()));
    }

    private void setActionsEnabled(boolean open, boolean canStart) {
        findViewById(R.id.action_start).setEnabled(canStart);
        for (int b : new int[] {R.id.action_note, R.id.action_measurement, R.id.action_time, R.id.action_material,
                R.id.action_photo, R.id.action_before_photo, R.id.action_resolve, R.id.action_cant_fix, R.id.action_new_problem}) {
            findViewById(b).setEnabled(open);
        }
        findViewById(R.id.action_go).setEnabled(current != null);
    }

    private View photoView(Intervention.Photo p) {
        String url = p.thumbnailUrl();
        byte[] bytes = url.startsWith("local:") ? services.blobs.get(url.substring("local:".length()))
                : services.blobs.get(SyncEngine.photoKey(url));
        if (bytes == null) bytes = services.blobs.get(SyncEngine.photoKey(p.url()));
        Bitmap bmp = bytes == null ? null : BitmapFactory.decodeByteArray(bytes, 0, bytes.length);
        if (bmp == null) return text(getString(R.string.photo_not_cached));
        ImageView iv = new ImageView(this);
        int size = getResources().getDimensionPixelSize(R.dimen.photo_size);
        LinearLayout.LayoutParams lp = new LinearLayout.LayoutParams(size, size);
        lp.setMarginEnd(8);
        iv.setLayoutParams(lp);
        iv.setScaleType(ImageView.ScaleType.CENTER_CROP);
        iv.setImageBitmap(bmp);
        iv.setContentDescription(getString(R.string.section_photos));
        iv.setOnClickListener(v -> showFullPhoto(p, bmp));
        return iv;
    }

    /** Full-size photo (cached for offline use), or the thumbnail if only that is cached. */
    private void showFullPhoto(Intervention.Photo p, Bitmap fallback) {
        byte[] full = p.url().startsWith("local:") ? services.blobs.get(p.url().substring("local:".length()))
                : services.blobs.get(SyncEngine.photoKey(p.url()));
        Bitmap bmp = full == null ? null : BitmapFactory.decodeByteArray(full, 0, full.length);
        ImageView iv = new ImageView(this);
        iv.setAdjustViewBounds(true);
        iv.setImageBitmap(bmp != null ? bmp : fallback);
        lastDialog = new AlertDialog.Builder(this).setView(iv).setPositiveButton(R.string.ok, null).show();
    }

    private void renderWork(Intervention i) {
        LinearLayout box = findViewById(R.id.detail_work);
        box.removeAllViews();
        JSONObject w = i.work();
        JSONArray notes = w.optJSONArray("notes");
        if (notes != null) for (int k = 0; k < notes.length(); k++) {
            box.addView(text(getString(R.string.work_note, notes.optJSONObject(k).optString("text"))));
        }
        JSONArray m = w.optJSONArray("measurements");
        if (m != null) for (int k = 0; k < m.length(); k++) {
            JSONObject o = m.optJSONObject(k);
            box.addView(text(getString(R.string.work_measurement,
                    o.optString("label") + " " + Format.number(o.optDouble("value")) + " " + o.optString("unit"))));
        }
        JSONArray mat = w.optJSONArray("materials");
        if (mat != null) for (int k = 0; k < mat.length(); k++) {
            JSONObject o = mat.optJSONObject(k);
            box.addView(text(getString(R.string.work_material,
                    o.optString("label") + " × " + Format.number(o.optDouble("quantity")) + " " + o.optString("unit"))));
        }
        if (w.optInt("minutesSpent", 0) > 0) box.addView(text(getString(R.string.work_minutes, w.optInt("minutesSpent"))));
    }

    private void renderQueue() {
        LinearLayout conflicts = findViewById(R.id.detail_conflicts);
        LinearLayout pending = findViewById(R.id.detail_pending);
        conflicts.removeAllViews();
        pending.removeAllViews();
        for (PendingAction a : services.engine.pendingFor(id)) {
            if (a.state == PendingAction.State.PENDING) {
                pending.addView(text(typeLabel(a.type) + " · " + Format.time(a.createdAt, ZoneId.systemDefault())));
            } else {
                conflicts.addView(conflictCard(a));
            }
        }
        conflicts.setVisibility(conflicts.getChildCount() > 0 ? View.VISIBLE : View.GONE);
        int vis = pending.getChildCount() > 0 ? View.VISIBLE : View.GONE;
        pending.setVisibility(vis);
        findViewById(R.id.detail_pending_title).setVisibility(vis);
    }

    /** Shows the server's state next to the agent's action; the agent decides (never silent). */
    private View conflictCard(PendingAction a) {
        LinearLayout card = new LinearLayout(this);
        card.setOrientation(LinearLayout.VERTICAL);
        card.setBackgroundColor(getColor(R.color.banner_conflict));
        card.setPadding(24, 16, 24, 16);
        boolean conflict = a.state == PendingAction.State.CONFLICT;
        TextView title = text(getString(conflict ? R.string.conflict_title : R.string.rejected_title));
        title.setTextColor(getColor(R.color.due_overdue));
        card.addView(title);
        card.addView(text(getString(R.string.conflict_your_action, typeLabel(a.type))));
        if (a.serverState != null) {
            Intervention server = new Intervention(a.serverState);
            card.addView(text(getString(R.string.conflict_server_state, server.statusLabel(), server.version())));
            List<Intervention.TimelineEntry> t = server.timeline();
            if (!t.isEmpty()) card.addView(text(timelineLine(t.get(t.size() - 1))));
        }
        if (a.error != null && !a.error.isEmpty()) card.addView(text(a.error));
        LinearLayout buttons = new LinearLayout(this);
        if (conflict) {
            // Someone else changed it: the agent may re-apply on the server's version.
            Button retry = bigButton(R.string.conflict_retry);
            retry.setId(R.id.conflict_retry);
            retry.setOnClickListener(v -> {
                services.engine.retry(a.clientActionId);
                syncInBackground();
            });
            buttons.addView(retry);
        } else if ("distanceReason".equals(a.errorField)) {
            // Refused for a missing reason: the same action again would fail; ask for the reason.
            EditText reason = new EditText(this);
            reason.setId(R.id.conflict_reason_input);
            reason.setHint(R.string.resolve_reason_hint);
            reason.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
            card.addView(reason);
            Button amend = bigButton(R.string.conflict_add_reason);
            amend.setId(R.id.conflict_amend);
            amend.setOnClickListener(v -> {
                String why = reason.getText().toString().trim();
                if (why.isEmpty()) {
                    reason.setError(getString(R.string.resolve_reason_required));
                    return;
                }
                services.engine.amend(a.clientActionId, obj("distanceReason", why));
                syncInBackground();
            });
            buttons.addView(amend);
        } else if ("fixAt".equals(a.errorField)) {
            // Refused as a stale fix: only a new fix on site can prove it.
            Button fix = bigButton(R.string.conflict_new_fix);
            fix.setId(R.id.conflict_new_fix);
            fix.setOnClickListener(v -> {
                services.engine.discard(a.clientActionId);
                askResolve();
            });
            buttons.addView(fix);
        }
        Button discard = bigButton(R.string.conflict_discard);
        discard.setId(R.id.conflict_discard);
        discard.setOnClickListener(v -> services.engine.discard(a.clientActionId));
        buttons.addView(discard);
        card.addView(buttons);
        return card;
    }

    private void renderTimeline(Intervention i) {
        LinearLayout box = findViewById(R.id.detail_timeline);
        box.removeAllViews();
        for (Intervention.TimelineEntry e : i.timeline()) box.addView(text(timelineLine(e)));
    }

    private String timelineLine(Intervention.TimelineEntry e) {
        StringBuilder sb = new StringBuilder();
        sb.append(Format.when(e.at(), services.clock.instant(), ZoneId.systemDefault()));
        if (!e.actor().isEmpty()) sb.append(" — ").append(e.actor());
        if (!e.to().isEmpty()) sb.append(" : ").append(e.from().isEmpty() ? "" : e.from() + " → ").append(e.to());
        if (!e.note().isEmpty()) sb.append(" (").append(e.note()).append(")");
        return sb.toString();
    }

    private String typeLabel(ActionType t) {
        return getString(getResources().getIdentifier("type_" + t.name(), "string", getPackageName()));
    }

    private TextView text(String s) {
        TextView t = new TextView(this);
        t.setText(s);
        t.setTextSize(18);
        t.setPadding(0, 6, 0, 6);
        return t;
    }

    private Button bigButton(int label) {
        Button b = new Button(this);
        b.setText(label);
        b.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
        b.setTextSize(18);
        return b;
    }

    // ------------------------------------------------------------------ actions

    private void goThere() {
        if (current == null) return;
        String ll = String.format(Locale.ROOT, "%.6f,%.6f", current.lat(), current.lon());
        Uri uri = Uri.parse("geo:" + ll + "?q=" + ll + "(" + Uri.encode(current.categoryLabel()) + ")");
        try {
            startActivity(new Intent(Intent.ACTION_VIEW, uri));
        } catch (ActivityNotFoundException e) {
            Toast.makeText(this, R.string.no_navigation_app, Toast.LENGTH_LONG).show();
        }
    }

    private void record(ActionType type, JSONObject fields) {
        services.engine.record(id, type, fields);
        Toast.makeText(this, R.string.action_saved, Toast.LENGTH_SHORT).show();
        syncInBackground();
    }

    private void syncInBackground() {
        SyncScheduler.syncSoon(this);
        services.background(services.engine::sync);
    }

    private static JSONObject obj(Object... kv) {
        JSONObject o = new JSONObject();
        try {
            for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        } catch (org.json.JSONException e) {
            throw new IllegalArgumentException(e);
        }
        return o;
    }

    private void askNote() {
        lastDialog = FormDialog.show(this, getString(R.string.action_note),
                new int[][] {{R.string.hint_note, FormDialog.MULTILINE}}, v -> {
                    if (v[0].isEmpty()) return false;
                    record(ActionType.NOTE, obj("text", v[0]));
                    return true;
                });
    }

    private void askMeasurement() {
        lastDialog = FormDialog.show(this, getString(R.string.action_measurement), new int[][] {
                {R.string.hint_label, FormDialog.TEXT}, {R.string.hint_value, FormDialog.DECIMAL}, {R.string.hint_unit, FormDialog.TEXT}}, v -> {
                    double value = FormDialog.parseNumber(v[1]);
                    if (v[0].isEmpty() || Double.isNaN(value)) return false;
                    record(ActionType.MEASUREMENT, obj("label", v[0], "value", value, "unit", v[2]));
                    return true;
                });
    }

    private void askTime() {
        lastDialog = FormDialog.show(this, getString(R.string.action_time),
                new int[][] {{R.string.hint_minutes, FormDialog.INTEGER}}, v -> {
                    double minutes = FormDialog.parseNumber(v[0]);
                    if (Double.isNaN(minutes) || minutes <= 0 || minutes > 24 * 60) return false;
                    record(ActionType.TIME_SPENT, obj("minutes", (int) Math.round(minutes)));
                    return true;
                });
    }

    private void askMaterial() {
        lastDialog = FormDialog.show(this, getString(R.string.action_material), new int[][] {
                {R.string.hint_material, FormDialog.TEXT}, {R.string.hint_quantity, FormDialog.DECIMAL},
                {R.string.hint_material_unit, FormDialog.TEXT}}, v -> {
                    double q = FormDialog.parseNumber(v[1]);
                    if (v[0].isEmpty() || Double.isNaN(q)) return false;
                    record(ActionType.MATERIAL, obj("label", v[0], "quantity", q, "unit", v[2]));
                    return true;
                });
    }

    /** What the camera is taking: BEFORE or AFTER the work (kept if the activity is recreated meanwhile). */
    private String photoKind = SyncEngine.PHOTO_AFTER;

    @Override
    protected void onSaveInstanceState(Bundle out) {
        super.onSaveInstanceState(out);
        out.putString("photoKind", photoKind);
    }

    private void takePhoto(String kind) {
        photoKind = kind;
        File target = PhotoCaptureProvider.captureFile(this);
        target.delete();
        Uri uri = PhotoCaptureProvider.captureUri();
        Intent i = new Intent(MediaStore.ACTION_IMAGE_CAPTURE)
                .putExtra(MediaStore.EXTRA_OUTPUT, uri)
                .addFlags(Intent.FLAG_GRANT_WRITE_URI_PERMISSION | Intent.FLAG_GRANT_READ_URI_PERMISSION);
        i.setClipData(ClipData.newRawUri("", uri));
        try {
            startActivityForResult(i, REQ_PHOTO);
        } catch (ActivityNotFoundException e) {
            Toast.makeText(this, R.string.no_camera_app, Toast.LENGTH_LONG).show();
        }
    }

    @Override
    protected void onActivityResult(int requestCode, int resultCode, Intent data) {
        super.onActivityResult(requestCode, resultCode, data);
        if (requestCode != REQ_PHOTO || resultCode != RESULT_OK) return;
        File f = PhotoCaptureProvider.captureFile(this);
        try {
            byte[] jpeg;
            if (f.length() > 0) {
                jpeg = PhotoScaler.downscale(f);
            } else if (data != null && data.getExtras() != null && data.getExtras().get("data") instanceof Bitmap) {
                jpeg = PhotoScaler.compress((Bitmap) data.getExtras().get("data")); // camera ignored EXTRA_OUTPUT
            } else {
                throw new IOException("no photo");
            }
            services.engine.recordPhoto(id, jpeg, photoKind);
            Toast.makeText(this, R.string.action_saved, Toast.LENGTH_SHORT).show();
            syncInBackground();
        } catch (IOException | RuntimeException e) {
            Toast.makeText(this, R.string.photo_failed, Toast.LENGTH_LONG).show();
        } finally {
            f.delete();
        }
    }

    /**
     * "New problem here": a report at the agent's position (a fresh fix, as for a proof), in one of
     * the categories cached at sync, queued offline and sent once (its action id is the report's
     * Idempotency-Key).
     */
    private void askNewProblem() {
        ProofRules rules = services.engine.proofRules();
        Locator.Fix fix = services.locator.lastFix();
        List<JSONObject> categories = services.engine.categories();
        if (fix == null || !rules.fresh(fix.timeMillis(), services.clock.millis()) || categories.isEmpty()) {
            lastDialog = new AlertDialog.Builder(this).setMessage(categories.isEmpty()
                    ? R.string.new_problem_no_categories : R.string.resolve_no_position)
                    .setPositiveButton(R.string.ok, null).show();
            return;
        }
        LinearLayout box = new LinearLayout(this);
        box.setOrientation(LinearLayout.VERTICAL);
        box.setPadding(48, 16, 48, 0);
        android.widget.Spinner category = new android.widget.Spinner(this);
        category.setId(R.id.new_problem_category);
        List<String> labels = new java.util.ArrayList<>();
        for (JSONObject c : categories) labels.add(c.optString("label"));
        category.setAdapter(new android.widget.ArrayAdapter<>(this, android.R.layout.simple_spinner_dropdown_item, labels));
        category.setMinimumHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
        box.addView(category);
        EditText description = new EditText(this);
        description.setId(R.id.new_problem_description);
        description.setHint(R.string.new_problem_description);
        description.setInputType(FormDialog.MULTILINE);
        description.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
        box.addView(description);
        box.addView(text(getString(R.string.resolve_fix, Math.round(Math.max(0, fix.accuracyM())),
                Format.time(Instant.ofEpochMilli(fix.timeMillis()), ZoneId.systemDefault()))));
        AlertDialog d = new AlertDialog.Builder(this)
                .setTitle(R.string.new_problem_title)
                .setView(box)
                .setPositiveButton(R.string.new_problem_send, null)
                .setNegativeButton(R.string.cancel, null)
                .create();
        d.setOnShowListener(x -> d.getButton(AlertDialog.BUTTON_POSITIVE).setOnClickListener(v -> {
            JSONObject chosen = categories.get(Math.max(0, category.getSelectedItemPosition()));
            JSONObject fields = obj("categoryCode", chosen.optString("code"), "lat", fix.lat(), "lon", fix.lon(),
                    "channel", "field");
            try {
                if (fix.accuracyM() >= 0) fields.put("accuracyM", (double) fix.accuracyM());
                String text = description.getText().toString().trim();
                if (!text.isEmpty()) fields.put("description", text);
            } catch (org.json.JSONException e) {
                throw new IllegalStateException(e);
            }
            d.dismiss();
            record(ActionType.NEW_REPORT, fields);
        }));
        d.show();
        lastDialog = d;
    }

    /**
     * "Can't fix": one of the server's reasons (cached at sync, so it works offline) and a note;
     * the server sends it back to the dispatcher or leaves it waiting with the team.
     */
    private void askCantFix() {
        if (current == null) return;
        List<JSONObject> reasons = services.engine.cantFixReasons();
        LinearLayout box = new LinearLayout(this);
        box.setOrientation(LinearLayout.VERTICAL);
        box.setPadding(48, 16, 48, 0);
        android.widget.RadioGroup group = new android.widget.RadioGroup(this);
        group.setId(R.id.cant_fix_reasons);
        for (int k = 0; k < reasons.size(); k++) {
            JSONObject r = reasons.get(k);
            android.widget.RadioButton b = new android.widget.RadioButton(this);
            b.setId(View.generateViewId());
            b.setTag(r.optString("code"));
            b.setText(r.optString("label") + " — " + getString(r.optBoolean("returnsToDispatch")
                    ? R.string.cant_fix_back_to_dispatch : R.string.cant_fix_waiting));
            b.setTextSize(18);
            b.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
            group.addView(b);
        }
        box.addView(group);
        EditText note = new EditText(this);
        note.setId(R.id.cant_fix_note);
        note.setHint(R.string.cant_fix_note_hint);
        note.setInputType(FormDialog.MULTILINE);
        note.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
        box.addView(note);
        TextView error = text(getString(R.string.cant_fix_choose));
        error.setTextColor(getColor(R.color.due_overdue));
        error.setVisibility(View.GONE);
        box.addView(error);
        AlertDialog d = new AlertDialog.Builder(this)
                .setTitle(R.string.cant_fix_title)
                .setView(box)
                .setPositiveButton(R.string.ok, null)
                .setNegativeButton(R.string.cancel, null)
                .create();
        d.setOnShowListener(x -> d.getButton(AlertDialog.BUTTON_POSITIVE).setOnClickListener(v -> {
            View chosen = group.findViewById(group.getCheckedRadioButtonId());
            if (chosen == null) {
                error.setVisibility(View.VISIBLE);
                return;
            }
            JSONObject fields = obj("reason", chosen.getTag());
            String n = note.getText().toString().trim();
            try {
                if (!n.isEmpty()) fields.put("note", n);
            } catch (org.json.JSONException e) {
                throw new IllegalStateException(e);
            }
            d.dismiss();
            record(ActionType.CANT_FIX, fields);
        }));
        d.show();
        lastDialog = d;
    }

    /**
     * Resolve: a fresh fix of the device (the server's maximum age, accuracy and timeout) and its own
     * time are the proof of the fix; never a last known position from earlier in the day. Farther
     * than the server's distance from the alert, a reason is required. Offline the same: the fix
     * is taken now, at the tap, and queued with the action.
     */
    private void askResolve() {
        if (current == null) return;
        ProofRules rules = services.engine.proofRules();
        if (fixRequest != null) fixRequest.cancel();
        TextView progress = text(getString(R.string.resolve_waiting, rules.fixAccuracyM()));
        progress.setId(R.id.resolve_waiting);
        progress.setPadding(48, 24, 48, 0);
        AlertDialog[] waiting = new AlertDialog[1];
        fixRequest = new FreshFix(services.locator, services.clock, rules, new Handler(Looper.getMainLooper()),
                new FreshFix.Callback() {
                    @Override
                    public void onResult(Locator.Fix fix, boolean precise) {
                        if (waiting[0] != null) waiting[0].dismiss();
                        if (isFinishing() || isDestroyed()) return;
                        if (fix == null) {
                            Locator.Fix last = services.locator.lastFix();
                            lastDialog = new AlertDialog.Builder(InterventionActivity.this)
                                    .setMessage(last == null ? getString(R.string.resolve_no_position)
                                            : getString(R.string.resolve_stale_position,
                                            Format.age(services.clock.millis() - last.timeMillis()), rules.fixMaxAgeS()))
                                    .setPositiveButton(R.string.ok, null).show();
                        } else {
                            showResolve(fix, rules);
                        }
                    }

                    @Override
                    public void onProgress(Locator.Fix fix) {
                        progress.setText(getString(R.string.resolve_waiting_progress, rules.fixAccuracyM(),
                                Math.round(fix.accuracyM())));
                        if (waiting[0] != null) waiting[0].getButton(AlertDialog.BUTTON_POSITIVE).setEnabled(true);
                    }
                });
        if (fixRequest.start()) return;
        waiting[0] = new AlertDialog.Builder(this)
                .setTitle(R.string.resolve_title)
                .setView(progress)
                .setPositiveButton(R.string.resolve_use_this_fix, null)
                .setNegativeButton(R.string.cancel, (d, w) -> fixRequest.cancel())
                .create();
        waiting[0].setOnShowListener(x -> {
            Button use = waiting[0].getButton(AlertDialog.BUTTON_POSITIVE);
            use.setEnabled(fixRequest.best() != null);
            use.setOnClickListener(v -> {
                Locator.Fix best = fixRequest.best();
                if (best == null) return;
                fixRequest.cancel();
                waiting[0].dismiss();
                showResolve(best, rules);
            });
        });
        waiting[0].show();
        lastDialog = waiting[0];
    }

    private void showResolve(Locator.Fix fix, ProofRules rules) {
        double max = rules.resolveMaxDistanceM();
        double distance = Geo.distanceMeters(fix.lat(), fix.lon(), current.lat(), current.lon());
        boolean far = distance > max;

        LinearLayout box = new LinearLayout(this);
        box.setOrientation(LinearLayout.VERTICAL);
        box.setPadding(48, 16, 48, 0);
        TextView accuracy = text(fix.accuracyM() < 0
                ? getString(R.string.resolve_fix_unknown_accuracy, Format.time(Instant.ofEpochMilli(fix.timeMillis()), ZoneId.systemDefault()))
                : getString(R.string.resolve_fix, Math.round(fix.accuracyM()),
                Format.time(Instant.ofEpochMilli(fix.timeMillis()), ZoneId.systemDefault())));
        accuracy.setId(R.id.resolve_accuracy);
        if (fix.accuracyM() < 0 || fix.accuracyM() > rules.fixAccuracyM()) accuracy.setTextColor(getColor(R.color.due_soon));
        box.addView(accuracy);
        EditText note = new EditText(this);
        note.setId(R.id.resolve_note);
        note.setHint(R.string.hint_resolve_note);
        note.setInputType(FormDialog.MULTILINE);
        note.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
        box.addView(note);
        EditText reason = null;
        if (far) {
            TextView farText = text(getString(R.string.resolve_far_title, (int) Math.round(distance)) + "\n"
                    + getString(R.string.resolve_far_message, (int) Math.round(max)));
            farText.setId(R.id.resolve_far_text);
            farText.setTextColor(getColor(R.color.due_overdue));
            box.addView(farText);
            reason = new EditText(this);
            reason.setId(R.id.resolve_reason);
            reason.setHint(R.string.resolve_reason_hint);
            reason.setInputType(InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_CAP_SENTENCES);
            reason.setMinHeight(getResources().getDimensionPixelSize(R.dimen.touch_target));
            box.addView(reason);
        }
        EditText reasonField = reason;
        AlertDialog d = new AlertDialog.Builder(this)
                .setTitle(R.string.resolve_title)
                .setMessage(R.string.resolve_message)
                .setView(box)
                .setPositiveButton(R.string.action_resolve, null)
                .setNegativeButton(R.string.cancel, null)
                .create();
        d.setOnShowListener(x -> d.getButton(AlertDialog.BUTTON_POSITIVE).setOnClickListener(v -> {
            String why = reasonField == null ? "" : reasonField.getText().toString().trim();
            if (far && why.isEmpty()) {
                reasonField.setError(getString(R.string.resolve_reason_required));
                return;
            }
            Instant tapped = services.clock.instant();
            if (!rules.fresh(fix.timeMillis(), tapped.toEpochMilli())) {
                // The dialog stayed open too long: this fix would be refused as stale. Take another.
                d.dismiss();
                Toast.makeText(this, R.string.resolve_fix_expired, Toast.LENGTH_LONG).show();
                askResolve();
                return;
            }
            JSONObject fields = obj("lat", fix.lat(), "lon", fix.lon(), "at", tapped.toString(),
                    "fixAt", Instant.ofEpochMilli(fix.timeMillis()).toString());
            try {
                if (fix.accuracyM() >= 0) fields.put("accuracyM", (double) fix.accuracyM());
                String n = note.getText().toString().trim();
                if (!n.isEmpty()) fields.put("note", n);
                if (far) fields.put("distanceReason", why);
            } catch (org.json.JSONException e) {
                throw new IllegalStateException(e);
            }
            d.dismiss();
            // the state machine goes ASSIGNED → IN_PROGRESS → RESOLVED: start it if the agent did not
            if ("ASSIGNED".equals(current.status())) services.engine.record(id, ActionType.START, new JSONObject());
            record(ActionType.RESOLVE, fields);
        }));
        d.show();
        lastDialog = d;
    }
}
