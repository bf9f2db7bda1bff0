package fr.signalement.agent.sync;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.imageio.ImageIO;

import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.Before;
import org.junit.Test;

import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.AgentApi;
import fr.signalement.agent.core.ApiException;
import fr.signalement.agent.core.HttpAgentApi;
import fr.signalement.agent.core.InMemoryBlobStore;
import fr.signalement.agent.core.InMemoryLocalStore;
import fr.signalement.agent.core.InMemoryTokenStore;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.PendingAction;
import fr.signalement.agent.core.Session;
import fr.signalement.agent.core.SyncEngine;
import fr.signalement.agent.core.SyncReport;

/**
 * The sync engine (queue, replay, conflicts) in a plain JVM against the REAL backend (see
 * {@link BackendFixture} for how it is found or started). "Offline" is a real network failure: the
 * API's base URL is switched to a closed local port, then back.
 */
public class SyncEngineBackendTest {
    private String backend;
    private final AtomicReference<String> currentUrl = new AtomicReference<>();
    private String offlineUrl;
    private InMemoryTokenStore tokens;
    private HttpAgentApi api;
    private InMemoryLocalStore store;
    private InMemoryBlobStore blobs;
    private SyncEngine engine;
    private Session agent;
    private StaffClient dispatcher;

    @Before
    public void setUp() throws Exception {
        backend = BackendFixture.baseUrl(); // skips the test when no backend is available
        currentUrl.set(backend);
        try (ServerSocket s = new ServerSocket(0)) {
            offlineUrl = "http://127.0.0.1:" + s.getLocalPort(); // closed once the socket is: connection refused
        }
        tokens = new InMemoryTokenStore();
        api = new HttpAgentApi(currentUrl::get, tokens, Clock.systemUTC());
        store = new InMemoryLocalStore();
        blobs = new InMemoryBlobStore();
        engine = new SyncEngine(api, store, blobs, Clock.systemUTC());
        agent = api.login("agent", "agent-demo");
        assertTrue(agent.roles().contains("AGENT"));
        assertNotNull("the demo agent must belong to a team", agent.teamId());
        dispatcher = new StaffClient(backend, "dispatch", "dispatch-demo");
    }

    private long newIntervention(double[] point) throws Exception {
        long id = dispatcher.assignedAlert(point, agent.teamId());
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        assertNotNull("the assigned alert is one of the team's interventions", store.intervention(id));
        return id;
    }

    private void goOffline() { currentUrl.set(offlineUrl); }
    private void goOnline() { currentUrl.set(backend); }

    private static JSONObject obj(Object... kv) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) o.put((String) kv[i], kv[i + 1]);
        return o;
    }

    private static byte[] jpeg() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 320; x++) for (int y = 0; y < 240; y++) img.setRGB(x, y, (x * 7 + y * 3) & 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    private static int count(JSONArray a, String key, String value) {
        int n = 0;
        if (a != null) for (int i = 0; i < a.length(); i++) if (value.equals(a.optJSONObject(i).optString(key))) n++;
        return n;
    }

    @Test
    public void pullCachesTheTeamsInterventionsSortedByDueTime() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        Intervention i = store.intervention(id);
        assertEquals("ASSIGNED", i.status());
        assertEquals(agent.teamId().longValue(), i.json().optLong("teamId"));
        assertFalse(i.categoryLabel().isEmpty());
        assertNotNull(i.dueAt());
        assertNotNull(engine.lastSyncAt());
        List<Intervention> views = engine.views();
        for (int k = 1; k < views.size(); k++) assertTrue(SyncEngine.BY_DUE.compare(views.get(k - 1), views.get(k)) <= 0);
    }

    @Test
    public void aPullFollowsTheServersPagesToTheEnd() throws Exception {
        long a = newIntervention(StaffClient.nextPoint());
        long b = newIntervention(StaffClient.nextPoint());
        long c = newIntervention(StaffClient.nextPoint());
        api.setPageSize(1);
        store.retainInterventions(java.util.Set.of());
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        for (long id : new long[] {a, b, c}) assertNotNull("intervention " + id + " pulled from a later page", store.intervention(id));
        assertEquals(api.interventions().size(), store.interventions().size());
        assertTrue(store.interventions().size() >= 3);
    }

    @Test
    public void offlineWorkIsQueuedThenReplayedInOrderWhenTheNetworkReturns() throws Exception {
        double[] p = StaffClient.nextPoint();
        long id = newIntervention(p);

        goOffline();
        engine.record(id, ActionType.START, null);
        engine.record(id, ActionType.NOTE, obj("text", "Arrivé sur place, trou de 40 cm"));
        engine.record(id, ActionType.MEASUREMENT, obj("label", "surface", "value", 0.5, "unit", "m²"));
        engine.record(id, ActionType.TIME_SPENT, obj("minutes", 30));
        engine.record(id, ActionType.MATERIAL, obj("label", "enrobé à froid", "quantity", 2, "unit", "sac"));
        engine.recordPhoto(id, jpeg());
        engine.record(id, ActionType.RESOLVE, obj("lat", p[0] + 0.0002, "lon", p[1], "accuracyM", 6, "at", Instant.now().toString(),
                "fixAt", Instant.now().minusSeconds(20).toString(), "note", "Rebouché"));

        SyncReport offline = engine.sync();
        assertTrue(offline.offline);
        assertEquals(0, offline.sent);
        assertEquals(7, offline.stillQueued);
        Intervention shown = engine.view(id); // the agent sees their work at once
        assertEquals("RESOLVED", shown.status());
        assertEquals(1, count(shown.work().optJSONArray("notes"), "text", "Arrivé sur place, trou de 40 cm"));

        goOnline();
        SyncReport online = engine.sync();
        assertTrue(online.toString(), online.complete());
        assertEquals(online.toString(), 7, online.sent);
        assertEquals(0, online.conflicts);
        assertEquals(0, online.stillQueued);

        Intervention server = api.intervention(id);
        assertEquals("RESOLVED", server.status());
        JSONObject work = server.work();
        assertEquals(1, count(work.optJSONArray("notes"), "text", "Arrivé sur place, trou de 40 cm"));
        assertEquals(1, count(work.optJSONArray("measurements"), "label", "surface"));
        assertEquals(1, count(work.optJSONArray("materials"), "label", "enrobé à froid"));
        assertEquals(30, work.optInt("minutesSpent"));
        assertEquals(1, server.photos().stream().filter(Intervention.Photo::isAfter).count());
        Intervention.Photo after = server.photos().stream().filter(Intervention.Photo::isAfter).findFirst().get();
        assertTrue("the after photo stays viewable offline", blobs.has(SyncEngine.photoKey(after.url())));
        assertNotNull(api.download(after.thumbnailUrl()));
    }

    @Test
    public void aReplayNeverDuplicates() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        PendingAction note = engine.record(id, ActionType.NOTE, obj("text", "Note envoyée deux fois"));
        PendingAction photo = engine.recordPhoto(id, jpeg());

        // the first attempts reached the server but the answers were lost (tunnel, tablet asleep...)
        AgentApi.ActionResult first = api.postAction(id, note.requestBody());
        assertFalse(first.replayed());
        api.uploadPhoto(id, photo.clientActionId, photo.baseVersion, jpeg());
        assertEquals(2, engine.queuedCount()); // so both are still queued

        SyncReport r = engine.sync();
        assertEquals(r.toString(), 2, r.sent);
        assertEquals(r.toString(), 2, r.alreadyApplied);
        assertEquals(0, r.stillQueued);
        Intervention server = api.intervention(id);
        assertEquals(1, count(server.work().optJSONArray("notes"), "text", "Note envoyée deux fois"));
        assertEquals(1, server.photos().stream().filter(Intervention.Photo::isAfter).count());

        // and the same clientActionId again, directly: a no-op
        AgentApi.ActionResult again = api.postAction(id, note.requestBody());
        assertTrue(again.replayed());
        assertEquals(server.version(), again.intervention().version());
    }

    @Test
    public void theAgentsOwnQueuedActionsNeverConflictWithEachOther() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        long seen = store.intervention(id).version();
        goOffline();
        engine.record(id, ActionType.START, null);
        engine.record(id, ActionType.NOTE, obj("text", "un"));
        engine.record(id, ActionType.NOTE, obj("text", "deux"));
        for (PendingAction a : store.actions()) assertEquals(seen, a.baseVersion); // all from the same version
        engine.sync();
        goOnline();
        SyncReport r = engine.sync();
        assertEquals(r.toString(), 3, r.sent);
        assertEquals(0, r.conflicts);
        assertEquals("IN_PROGRESS", store.intervention(id).status());
        assertTrue(store.intervention(id).version() > seen);
    }

    @Test
    public void aConflictIsShownWithTheServerStateAndNeverSilentlyOverwritten() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        long seen = store.intervention(id).version();
        goOffline();
        PendingAction note = engine.record(id, ActionType.NOTE, obj("text", "Écrite hors ligne"));
        PendingAction later = engine.record(id, ActionType.TIME_SPENT, obj("minutes", 15));
        engine.sync();

        // meanwhile the dispatcher takes the alert back and re-assigns it
        dispatcher.transition(id, obj("to", "QUALIFIED", "note", "Reprise par le dispatch"));
        dispatcher.transition(id, obj("to", "ASSIGNED", "teamId", agent.teamId(), "note", "Réaffectée"));

        goOnline();
        SyncReport r = engine.sync();
        assertEquals(r.toString(), 1, r.conflicts);
        assertEquals(0, r.sent);
        List<PendingAction> problems = engine.problems();
        assertEquals(1, problems.size());
        PendingAction conflict = problems.get(0);
        assertEquals(note.clientActionId, conflict.clientActionId);
        assertEquals(PendingAction.State.CONFLICT, conflict.state);
        assertNotNull("the server's state is kept for the agent", conflict.serverState);
        assertTrue(new Intervention(conflict.serverState).version() > seen);
        assertEquals(2, engine.queuedCount()); // the later action is held behind it, not sent
        Intervention server = api.intervention(id);
        assertEquals("nothing applied behind the agent's back", 0, count(server.work().optJSONArray("notes"), "text", "Écrite hors ligne"));
        assertEquals(0, server.work().optInt("minutesSpent"));
        assertTrue(store.intervention(id).version() > seen); // the cache now shows the server's state

        // a new sync does not re-send it on its own
        SyncReport again = engine.sync();
        assertEquals(0, again.sent);
        assertEquals(2, engine.queuedCount());

        // the agent looked at the server's state and applies their work on top of it
        engine.retry(conflict.clientActionId);
        SyncReport applied = engine.sync();
        assertEquals(applied.toString(), 2, applied.sent);
        assertEquals(0, engine.queuedCount());
        server = api.intervention(id);
        assertEquals(1, count(server.work().optJSONArray("notes"), "text", "Écrite hors ligne"));
        assertEquals(15, server.work().optInt("minutesSpent"));
        assertNull(find(later.clientActionId));
    }

    @Test
    public void aDiscardedConflictLeavesTheServerAsItIs() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        goOffline();
        PendingAction note = engine.record(id, ActionType.NOTE, obj("text", "À abandonner"));
        goOnline();
        dispatcher.transition(id, obj("to", "ASSIGNED", "teamId", agent.teamId(), "note", "Réaffectée dans l'équipe"));
        SyncReport r = engine.sync();
        assertEquals(r.toString(), 1, r.conflicts);
        engine.discard(note.clientActionId);
        assertEquals(0, engine.queuedCount());
        engine.sync();
        assertEquals(0, engine.queuedCount());
    }

    @Test
    public void resolvingFarAwayWithoutAReasonIsRefusedAndKeptForTheAgent() throws Exception {
        double[] p = StaffClient.nextPoint();
        long id = newIntervention(p);
        engine.record(id, ActionType.START, null); // ASSIGNED → IN_PROGRESS → RESOLVED
        PendingAction far = engine.record(id, ActionType.RESOLVE,
                obj("lat", p[0] + 0.01, "lon", p[1], "at", Instant.now().toString(), "fixAt", Instant.now().toString())); // ~1.1 km, no reason
        SyncReport r = engine.sync();
        assertEquals(r.toString(), 1, r.sent);
        assertEquals(r.toString(), 1, r.rejected);
        PendingAction kept = find(far.clientActionId);
        assertEquals(PendingAction.State.REJECTED, kept.state);
        assertFalse(kept.error.isEmpty());
        assertEquals("IN_PROGRESS", api.intervention(id).status());
        assertTrue(kept.error, kept.error.length() > 0);

        assertEquals("what the agent can fix", "distanceReason", kept.errorField);
        // The agent adds the reason on the refusal card: the same action, amended, goes through once.
        engine.amend(far.clientActionId, obj("distanceReason", "Rue fermée, constaté depuis le carrefour"));
        SyncReport ok = engine.sync();
        assertEquals(ok.toString(), 1, ok.sent);
        assertEquals("RESOLVED", api.intervention(id).status());
    }

    @Test
    public void theProofTakenOfflineReachesTheDispatchersDetail() throws Exception {
        double[] p = StaffClient.nextPoint();
        long id = newIntervention(p);
        engine.pull();
        assertEquals("the server's rules are cached for offline use", 120, engine.proofRules().fixMaxAgeS());
        goOffline();
        Instant fixAt = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant tapped = fixAt.plusSeconds(30);
        engine.record(id, ActionType.RESOLVE, obj("lat", p[0] + 0.0002, "lon", p[1], "accuracyM", 7.5,
                "at", tapped.toString(), "fixAt", fixAt.toString(), "note", "Rebouché"));
        assertTrue(engine.sync().offline);
        goOnline();
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        JSONObject proof = dispatcher.call("GET", "/api/v1/alerts/" + id, null, null).getJSONObject("proof");
        assertEquals(p[0] + 0.0002, proof.getDouble("lat"), 1e-9);
        assertEquals(p[1], proof.getDouble("lon"), 1e-9);
        assertEquals(7.5, proof.getDouble("accuracyM"), 1e-9);
        assertEquals(fixAt, Instant.parse(proof.getString("fixAt")));
        assertEquals(tapped, Instant.parse(proof.getString("at")));
        assertEquals(22.0, proof.getDouble("distanceM"), 1.5);
        assertTrue(proof.isNull("reason"));
    }

    @Test
    public void beforeAndAfterPhotosTakenOfflineReachTheDispatcherEachAsItsKind() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        goOffline();
        engine.recordPhoto(id, jpeg(), SyncEngine.PHOTO_BEFORE);
        engine.recordPhoto(id, jpeg(), SyncEngine.PHOTO_BEFORE);
        engine.recordPhoto(id, jpeg(), SyncEngine.PHOTO_AFTER);
        assertTrue(engine.sync().offline);
        goOnline();
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        assertEquals(0, store.actions().size());
        JSONObject detail = dispatcher.call("GET", "/api/v1/alerts/" + id, null, null);
        assertEquals(2, detail.getJSONArray("beforePhotos").length());
        assertEquals(1, detail.getJSONArray("afterPhotos").length());
        assertEquals(2, count(detail.getJSONArray("timeline"), "type", "BEFORE_PHOTO"));
        // The agent's cached copy knows them apart too.
        assertEquals(2, store.intervention(id).photos().stream().filter(Intervention.Photo::isBefore).count());
    }

    @Test
    public void cantFixQueuedOfflineReachesTheDispatcherOnce() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        engine.pull();
        assertEquals("OTHER_TEAM", engine.cantFixReasons().get(0).getString("code"));
        goOffline();
        engine.record(id, ActionType.START, null);
        engine.record(id, ActionType.CANT_FIX, obj("reason", "OTHER_TEAM", "note", "Câble électrique apparent"));
        assertTrue(engine.sync().offline);
        goOnline();
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        assertEquals(r.toString(), 2, r.sent);
        JSONObject detail = dispatcher.call("GET", "/api/v1/alerts/" + id, null, null);
        assertEquals("QUALIFIED", detail.getJSONObject("alert").getString("status"));
        JSONArray timeline = detail.getJSONArray("timeline");
        int cantFix = 0;
        for (int i = 0; i < timeline.length(); i++) {
            JSONObject e = timeline.getJSONObject(i);
            if ("CANT_FIX".equals(e.optString("type"))) {
                cantFix++;
                assertEquals("Relève d'une autre équipe : Câble électrique apparent", e.getString("note"));
            }
        }
        assertEquals("recorded once", 1, cantFix);
    }

    @Test
    public void aNewProblemSeenOfflineBecomesOneFieldReport() throws Exception {
        double[] p = StaffClient.nextPoint();
        long id = newIntervention(p);
        engine.pull();
        assertFalse("categories cached for offline use", engine.categories().isEmpty());
        String code = engine.categories().get(0).getString("code");
        goOffline();
        JSONObject report = obj("categoryCode", code, "lat", p[0] + 0.0005, "lon", p[1], "accuracyM", 6,
                "description", "Plaque d'égout descellée vue en tournée", "channel", "field");
        PendingAction seen = engine.record(id, ActionType.NEW_REPORT, report);
        assertTrue(engine.sync().offline);
        goOnline();
        SyncReport r = engine.sync();
        assertTrue(r.toString(), r.complete());
        assertEquals(r.toString(), 1, r.sent);
        // The answer was lost and the queue sends it again: the same report, not a second one.
        long alertId = api.postReport(report, seen.clientActionId).getLong("alertId");
        assertEquals(alertId, api.postReport(report, seen.clientActionId).getLong("alertId"));
        JSONObject detail = dispatcher.call("GET", "/api/v1/alerts/" + alertId, null, null);
        assertEquals("field", detail.getJSONObject("alert").getString("channel"));
        assertEquals(1, detail.getJSONArray("reports").length());
    }

    @Test
    public void aStaleFixIsRefusedByTheServerAndKeptForTheAgent() throws Exception {
        double[] p = StaffClient.nextPoint();
        long id = newIntervention(p);
        PendingAction stale = engine.record(id, ActionType.RESOLVE, obj("lat", p[0], "lon", p[1], "accuracyM", 5,
                "at", Instant.now().toString(), "fixAt", Instant.now().minusSeconds(1200).toString()));
        SyncReport r = engine.sync();
        assertEquals(r.toString(), 1, r.rejected);
        PendingAction kept = find(stale.clientActionId);
        assertEquals(PendingAction.State.REJECTED, kept.state);
        assertTrue(kept.error, kept.error.contains("Reprenez une position sur place"));
        assertEquals("fixAt", kept.errorField);
        assertEquals("ASSIGNED", api.intervention(id).status());
        assertTrue(dispatcher.call("GET", "/api/v1/alerts/" + id, null, null).isNull("proof"));
    }

    @Test
    public void anExpiredAccessTokenIsRefreshedAndARevokedSessionAsksToSignInAgain() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        Session s = tokens.load();
        tokens.save(new Session("not-a-valid-jwt", s.refreshToken, Instant.now().plusSeconds(600), s.user));
        engine.record(id, ActionType.NOTE, obj("text", "Après rafraîchissement"));
        SyncReport r = engine.sync(); // 401 → refresh → retried
        assertEquals(r.toString(), 1, r.sent);
        assertFalse("the refresh token rotates", s.refreshToken.equals(tokens.load().refreshToken));

        api.logout(tokens.load().refreshToken);
        tokens.save(new Session("not-a-valid-jwt", tokens.load().refreshToken, Instant.now().minusSeconds(1), s.user));
        engine.record(id, ActionType.NOTE, obj("text", "Session révoquée"));
        SyncReport revoked = engine.sync();
        assertTrue(revoked.toString(), revoked.authRequired);
        assertEquals(1, engine.queuedCount()); // the work is kept for after sign-in
    }

    @Test
    public void wrongPasswordIs401() throws Exception {
        try {
            api.login("agent", "wrong-password");
            fail("expected 401");
        } catch (ApiException e) {
            assertEquals(401, e.status);
        }
    }

    @Test
    public void signOutClearsLocalData() throws Exception {
        long id = newIntervention(StaffClient.nextPoint());
        goOffline();
        engine.record(id, ActionType.NOTE, obj("text", "jamais envoyée"));
        engine.clearLocalData();
        assertTrue(store.interventions().isEmpty());
        assertEquals(0, engine.queuedCount());
        assertEquals(0, blobs.size());
    }

    private PendingAction find(String clientActionId) {
        for (PendingAction a : store.actions()) if (a.clientActionId.equals(clientActionId)) return a;
        return null;
    }
}
