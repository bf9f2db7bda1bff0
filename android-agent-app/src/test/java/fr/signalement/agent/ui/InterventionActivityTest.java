package fr.signalement.agent.ui;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.robolectric.Shadows.shadowOf;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.List;

import android.app.Activity;
import android.app.AlertDialog;
import android.content.Intent;
import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.provider.MediaStore;
import android.view.View;
import android.view.ViewGroup;
import android.widget.EditText;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.TextView;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.android.controller.ActivityController;

import fr.signalement.agent.R;
import fr.signalement.agent.TestEnv;
import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.PendingAction;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.data.PhotoCaptureProvider;

/** Intervention page, offline: display from the cache, actions queued locally. */
@RunWith(RobolectricTestRunner.class)
public class InterventionActivityTest {
    private TestEnv env;

    @Before
    public void setUp() {
        env = new TestEnv(new TestEnv.OfflineApi());
        env.signIn("AGENT");
        env.store.putIntervention(TestEnv.intervention(7, "ASSIGNED", "DUE_SOON", TestEnv.NOW.plus(Duration.ofHours(1)), 48.8566, 2.3522));
        env.blobs.put(SyncEngine.photoKey("/api/v1/photos/107/thumbnail"), jpeg(64, 48));
    }

    @After
    public void tearDown() {
        TestEnv.uninstall();
    }

    static InterventionActivity open(long id) {
        Intent i = new Intent(org.robolectric.RuntimeEnvironment.getApplication(), InterventionActivity.class)
                .putExtra(InterventionActivity.EXTRA_ID, id);
        return Robolectric.buildActivity(InterventionActivity.class, i).setup().get();
    }

    static byte[] jpeg(int w, int h) {
        Bitmap b = Bitmap.createBitmap(w, h, Bitmap.Config.ARGB_8888);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.compress(Bitmap.CompressFormat.JPEG, 90, out);
        return out.toByteArray();
    }

    static String text(Activity a, int id) {
        return ((TextView) a.findViewById(id)).getText().toString();
    }

    static String allText(ViewGroup g) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < g.getChildCount(); i++) {
            View c = g.getChildAt(i);
            if (c instanceof TextView) sb.append(((TextView) c).getText()).append('\n');
            else if (c instanceof ViewGroup) sb.append(allText((ViewGroup) c));
        }
        return sb.toString();
    }

    @Test
    public void showsWhatWasReported() {
        InterventionActivity a = open(7);
        assertEquals("Nid de poule #7", text(a, R.id.detail_category));
        assertEquals("Assignée · Échéance proche", text(a, R.id.detail_status));
        assertEquals("7 rue de Rivoli — Saint-Merri — Paris", text(a, R.id.detail_address));
        assertTrue(text(a, R.id.detail_due).startsWith("Échéance : aujourd'hui"));
        assertEquals("3 signalement(s)", text(a, R.id.detail_reports));
        assertEquals("Trou profond devant l'école", text(a, R.id.detail_description));
        LinearLayout photos = a.findViewById(R.id.detail_photos);
        assertEquals(1, photos.getChildCount());
        assertTrue("the cached citizen photo is shown offline", photos.getChildAt(0) instanceof ImageView);
        String timeline = allText(a.findViewById(R.id.detail_timeline));
        assertTrue(timeline, timeline.contains("Jean Martin : QUALIFIED → ASSIGNED (Priorité école)"));
        assertTrue(a.findViewById(R.id.action_start).isEnabled());
        assertTrue(a.findViewById(R.id.action_go).getMinimumHeight() >= 64 * a.getResources().getDisplayMetrics().density - 1);
    }

    @Test
    public void goThereOpensTheNavigationAppWithAGeoUri() {
        InterventionActivity a = open(7);
        a.findViewById(R.id.action_go).performClick();
        Intent i = shadowOf(a).getNextStartedActivity();
        assertEquals(Intent.ACTION_VIEW, i.getAction());
        assertEquals("geo", i.getData().getScheme());
        assertTrue(i.getData().toString(), i.getData().toString().startsWith("geo:48.856600,2.352200?q=48.856600,2.352200("));
    }

    @Test
    public void startIsRecordedLocallyAndShownAtOnce() {
        InterventionActivity a = open(7);
        a.findViewById(R.id.action_start).performClick();
        List<PendingAction> q = env.store.actions();
        assertEquals(1, q.size());
        assertEquals(ActionType.START, q.get(0).type);
        assertEquals(3, q.get(0).baseVersion);
        assertEquals(36, q.get(0).clientActionId.length()); // a UUID
        assertTrue(text(a, R.id.detail_status).startsWith("En cours"));
        assertFalse(a.findViewById(R.id.action_start).isEnabled());
        assertEquals(View.VISIBLE, a.findViewById(R.id.detail_pending).getVisibility());
    }

    @Test
    public void noteMeasurementTimeAndMaterialAreQueued() {
        InterventionActivity a = open(7);
        a.findViewById(R.id.action_note).performClick();
        fill(a.lastDialog(), "Bouché avec enrobé");
        a.findViewById(R.id.action_measurement).performClick();
        fill(a.lastDialog(), "surface", "2,5", "m²");
        a.findViewById(R.id.action_time).performClick();
        fill(a.lastDialog(), "45");
        a.findViewById(R.id.action_material).performClick();
        fill(a.lastDialog(), "enrobé à froid", "2", "sac");

        List<PendingAction> q = env.store.actions();
        assertEquals(4, q.size());
        assertEquals("Bouché avec enrobé", q.get(0).payload.optString("text"));
        assertEquals(2.5, q.get(1).payload.optDouble("value"), 1e-9);
        assertEquals("m²", q.get(1).payload.optString("unit"));
        assertEquals(45, q.get(2).payload.optInt("minutes"));
        assertEquals("sac", q.get(3).payload.optString("unit"));
        String work = allText(a.findViewById(R.id.detail_work));
        assertTrue(work, work.contains("Note : Bouché avec enrobé"));
        assertTrue(work, work.contains("Mesure : surface 2,5 m²"));
        assertTrue(work, work.contains("Temps passé : 45 min"));
        assertTrue(work, work.contains("Matériel : enrobé à froid × 2 sac"));
    }

    @Test
    public void invalidMeasurementKeepsTheDialogOpen() {
        InterventionActivity a = open(7);
        a.findViewById(R.id.action_measurement).performClick();
        AlertDialog d = a.lastDialog();
        fill(d, "surface", "beaucoup", "m²");
        assertTrue(d.isShowing());
        assertTrue(env.store.actions().isEmpty());
    }

    static void fill(AlertDialog d, String... values) {
        int[] ids = {R.id.form_field_1, R.id.form_field_2, R.id.form_field_3};
        TestEnv.idle();
        for (int i = 0; i < values.length; i++) ((EditText) d.findViewById(ids[i])).setText(values[i]);
        d.getButton(AlertDialog.BUTTON_POSITIVE).performClick();
        TestEnv.idle();
    }

    @Test
    public void afterPhotoIsDownscaledAndQueued() throws Exception {
        InterventionActivity a = open(7);
        a.findViewById(R.id.action_photo).performClick();
        Intent camera = shadowOf(a).getNextStartedActivityForResult().intent;
        assertEquals(MediaStore.ACTION_IMAGE_CAPTURE, camera.getAction());
        assertEquals(PhotoCaptureProvider.captureUri(), camera.getParcelableExtra(MediaStore.EXTRA_OUTPUT));

        // the camera app writes a big photo where we asked
        File f = PhotoCaptureProvider.captureFile(a);
        try (FileOutputStream out = new FileOutputStream(f)) {
            out.write(jpeg(4000, 3000));
        }
        shadowOf(a).receiveResult(camera, Activity.RESULT_OK, new Intent());

        List<PendingAction> q = env.store.actions();
        assertEquals(1, q.size());
        assertEquals(ActionType.PHOTO, q.get(0).type);
        byte[] stored = env.blobs.get(q.get(0).blobKey);
        assertNotNull(stored);
        BitmapFactory.Options o = new BitmapFactory.Options();
        o.inJustDecodeBounds = true;
        BitmapFactory.decodeByteArray(stored, 0, stored.length, o);
        assertTrue("downscaled: " + o.outWidth, o.outWidth <= PhotoScaler.MAX_EDGE && o.outHeight <= PhotoScaler.MAX_EDGE);
        assertFalse(f.exists());
        LinearLayout after = a.findViewById(R.id.detail_after_photos);
        assertTrue(after.getChildAt(0) instanceof ImageView);
    }

    @Test
    public void severalPhotosBeforeAndAfterAreQueuedWithTheirKind() throws Exception {
        InterventionActivity a = open(7);
        String[] kinds = {"BEFORE", "BEFORE", "AFTER"};
        int[] buttons = {R.id.action_before_photo, R.id.action_before_photo, R.id.action_photo};
        for (int k = 0; k < kinds.length; k++) {
            a.findViewById(buttons[k]).performClick();
            Intent camera = shadowOf(a).getNextStartedActivityForResult().intent;
            assertEquals(MediaStore.ACTION_IMAGE_CAPTURE, camera.getAction());
            try (FileOutputStream out = new FileOutputStream(PhotoCaptureProvider.captureFile(a))) {
                out.write(jpeg(800, 600));
            }
            shadowOf(a).receiveResult(camera, Activity.RESULT_OK, new Intent());
        }
        List<PendingAction> q = env.store.actions();
        assertEquals(3, q.size());
        for (int k = 0; k < kinds.length; k++) {
            assertEquals(ActionType.PHOTO, q.get(k).type);
            assertEquals(kinds[k], fr.signalement.agent.core.SyncEngine.photoKind(q.get(k)));
            assertNotNull(env.blobs.get(q.get(k).blobKey));
        }
        // Shown at once, each in its own row, from the queue.
        LinearLayout before = a.findViewById(R.id.detail_before_photos);
        LinearLayout after = a.findViewById(R.id.detail_after_photos);
        assertEquals(2, before.getChildCount());
        assertTrue(before.getChildAt(1) instanceof ImageView);
        assertEquals(1, after.getChildCount());
        assertTrue(after.getChildAt(0) instanceof ImageView);
    }

    @Test
    public void conflictShowsServerStateAndLetsTheAgentDecide() {
        PendingAction note = env.services.engine.record(7, ActionType.NOTE, TestEnv.obj("text", "fait"));
        Intervention server = TestEnv.intervention(7, "QUALIFIED", "DUE_SOON", TestEnv.NOW, 48.8566, 2.3522);
        server.json().remove("statusLabel");
        try {
            server.json().put("statusLabel", "Qualifiée").put("version", 9);
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
        note.state = PendingAction.State.CONFLICT;
        note.serverState = server.json();
        note.error = "L'alerte a été modifiée";
        env.store.updateAction(note);
        env.store.putIntervention(server);

        InterventionActivity a = open(7);
        LinearLayout conflicts = a.findViewById(R.id.detail_conflicts);
        assertEquals(View.VISIBLE, conflicts.getVisibility());
        String shown = allText(conflicts);
        assertTrue(shown, shown.contains("Conflit"));
        assertTrue(shown, shown.contains("État sur le serveur : Qualifiée (version 9)"));
        assertTrue(shown, shown.contains("Votre action : Note"));

        a.findViewById(R.id.conflict_retry).performClick(); // offline: stays queued, re-based
        PendingAction after = env.store.actions().get(0);
        assertEquals(PendingAction.State.PENDING, after.state);
        assertEquals(9, after.baseVersion);
        assertEquals(View.GONE, ((LinearLayout) a.findViewById(R.id.detail_conflicts)).getVisibility());
    }

    @Test
    public void discardingAConflictRemovesTheAction() {
        PendingAction note = env.services.engine.record(7, ActionType.NOTE, TestEnv.obj("text", "fait"));
        note.state = PendingAction.State.CONFLICT;
        note.serverState = TestEnv.intervention(7, "ASSIGNED", "DUE_SOON", TestEnv.NOW, 48.8566, 2.3522).json();
        env.store.updateAction(note);
        InterventionActivity a = open(7);
        a.findViewById(R.id.conflict_discard).performClick();
        assertTrue(env.store.actions().isEmpty());
    }

    @Test
    public void unknownInterventionSaysSo() {
        InterventionActivity a = open(999);
        assertEquals("Intervention introuvable sur la tablette.", text(a, R.id.detail_category));
        assertFalse(a.findViewById(R.id.action_resolve).isEnabled());
    }

    static ActivityController<InterventionActivity> controller(long id) {
        Intent i = new Intent(org.robolectric.RuntimeEnvironment.getApplication(), InterventionActivity.class)
                .putExtra(InterventionActivity.EXTRA_ID, id);
        return Robolectric.buildActivity(InterventionActivity.class, i);
    }
}
