package fr.signalement.agent.core;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Offline-first sync engine (no Android dependency).
 *
 * <ul>
 *   <li>{@link #record}: every action of the agent is written to the local queue first, with a
 *       client-generated {@code clientActionId} and the {@code baseVersion} of the intervention the
 *       agent was looking at; the UI shows the cached state with the queued actions applied
 *       ({@link #view}).</li>
 *   <li>{@link #sync}: replays the queue in order, then pulls the team's interventions (and caches
 *       their photos). A replay never duplicates: the server answers {@code replayed: true} for an
 *       already-applied {@code clientActionId}. Network/5xx errors stop the replay and keep the queue.</li>
 *   <li>409: the action stays in the queue as {@link PendingAction.State#CONFLICT} with the server's
 *       {@code current} state; later actions on the same intervention are held. Nothing is re-sent
 *       until the agent chooses {@link #retry} (re-apply on top of the server's version) or
 *       {@link #discard}: a conflict is never silently overwritten.</li>
 * </ul>
 */
public final class SyncEngine {
    public static final String META_LAST_SYNC = "lastSyncAt";
    /** The server's field settings (JSON), kept so that its rules apply offline. */
    public static final String META_FIELD_SETTINGS = "fieldSettings";
    /** The report categories (JSON array of {code, label}), for "new problem here" offline. */
    public static final String META_CATEGORIES = "categories";

    /** Notified (on the calling thread) whenever local data changed. */
    public interface Listener {
        void onLocalDataChanged();
    }

    private final AgentApi api;
    private final LocalStore store;
    private final BlobStore blobs;
    private final Clock clock;
    private final Supplier<String> ids;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object syncLock = new Object();
    private volatile boolean cachePhotos = true;

    public SyncEngine(AgentApi api, LocalStore store, BlobStore blobs, Clock clock) {
        this(api, store, blobs, clock, () -> UUID.randomUUID().toString());
    }

    public SyncEngine(AgentApi api, LocalStore store, BlobStore blobs, Clock clock, Supplier<String> ids) {
        this.api = api;
        this.store = store;
        this.blobs = blobs;
        this.clock = clock;
        this.ids = ids;
    }

    public LocalStore store() { return store; }
    public BlobStore blobs() { return blobs; }
    public void setCachePhotos(boolean cachePhotos) { this.cachePhotos = cachePhotos; }
    public void addListener(Listener l) { listeners.add(l); }
    public void removeListener(Listener l) { listeners.remove(l); }

    // ---------------------------------------------------------------- recording (always local)

    /**
     * Records an action locally and queues it. {@code fields} are the type-specific members of the
     * request (NOTE: text; MEASUREMENT: label, value, unit; TIME_SPENT: minutes; MATERIAL: label,
     * quantity, unit; RESOLVE: note?, lat, lon, accuracyM?, at, distanceReason?).
     */
    public PendingAction record(long interventionId, ActionType type, JSONObject fields) {
        if (type == ActionType.PHOTO) throw new IllegalArgumentException("use recordPhoto");
        PendingAction a = new PendingAction(ids.get(), interventionId, type, baseVersionFor(interventionId),
                fields, null, clock.instant());
        store.enqueue(a);
        fire();
        return a;
    }

    /** Records an "after" photo (already downscaled JPEG): stored locally, uploaded on sync. */
    public PendingAction recordPhoto(long interventionId, byte[] jpeg) {
        return recordPhoto(interventionId, jpeg, PHOTO_AFTER);
    }

    public static final String PHOTO_BEFORE = "BEFORE";
    public static final String PHOTO_AFTER = "AFTER";

    /** Records a photo taken {@link #PHOTO_BEFORE} or {@link #PHOTO_AFTER} the work; as many as the agent takes. */
    public PendingAction recordPhoto(long interventionId, byte[] jpeg, String kind) {
        if (!PHOTO_BEFORE.equals(kind) && !PHOTO_AFTER.equals(kind)) throw new IllegalArgumentException("kind " + kind);
        String id = ids.get();
        String key = kind.toLowerCase(java.util.Locale.ROOT) + ":" + id;
        blobs.put(key, jpeg);
        // An AFTER photo keeps the payload it always had (none): queues written by older versions replay alike.
        PendingAction a = new PendingAction(id, interventionId, ActionType.PHOTO, baseVersionFor(interventionId),
                PHOTO_BEFORE.equals(kind) ? HttpAgentApi.obj("kind", kind) : null, key, clock.instant());
        store.enqueue(a);
        fire();
        return a;
    }

    /** BEFORE or AFTER (no payload: an AFTER photo, as queued by older versions). */
    public static String photoKind(PendingAction a) {
        return a.payload == null ? PHOTO_AFTER : a.payload.optString("kind", PHOTO_AFTER);
    }

    private long baseVersionFor(long interventionId) {
        Intervention cached = store.intervention(interventionId);
        if (cached == null) throw new IllegalArgumentException("Unknown intervention " + interventionId);
        return cached.version();
    }

    // ---------------------------------------------------------------- sync

    /** Replays the queue, then (if the replay was not stopped by the network) pulls fresh state. */
    public SyncReport sync() {
        synchronized (syncLock) {
            SyncReport report = new SyncReport();
            replayInto(report);
            if (report.complete()) pullInto(report);
            report.stillQueued = store.actions().size();
            fire();
            return report;
        }
    }

    /** Replays the queue only. */
    public SyncReport replay() {
        synchronized (syncLock) {
            SyncReport report = new SyncReport();
            replayInto(report);
            report.stillQueued = store.actions().size();
            fire();
            return report;
        }
    }

    private void replayInto(SyncReport report) {
        Set<Long> held = new HashSet<>();
        for (PendingAction a : store.actions()) {
            if (a.state != PendingAction.State.PENDING) {
                held.add(a.interventionId); // keep the agent's order behind a conflict/refusal
                continue;
            }
            if (held.contains(a.interventionId)) continue;
            a.attempts++;
            try {
                if (a.type == ActionType.PHOTO) {
                    byte[] jpeg = blobs.get(a.blobKey);
                    if (jpeg == null) {
                        reject(a, "Photo introuvable sur l'appareil", report, held);
                        continue;
                    }
                    JSONObject r = api.uploadPhoto(a.interventionId, a.clientActionId, a.baseVersion, jpeg, photoKind(a));
                    if (r.optBoolean("replayed")) report.alreadyApplied++;
                    // docs/api.md answers {replayed, photo}; also accept {replayed, intervention}
                    JSONObject updated = r.optJSONObject("intervention");
                    if (updated != null && updated.optLong("id") != 0) store.putIntervention(new Intervention(updated));
                    JSONObject photo = r.optJSONObject("photo");
                    if (photo != null) {
                        // keep the photo we just took as the cached copy of the server's one
                        blobs.put(photoKey(photo.optString("url")), jpeg);
                        addPhotoToCache(a.interventionId, photo);
                    }
                    blobs.remove(a.blobKey);
                } else if (a.type == ActionType.NEW_REPORT) {
                    // A new problem seen on the round: a report, not an action on this intervention.
                    api.postReport(a.payload, a.clientActionId);
                } else {
                    AgentApi.ActionResult r = api.postAction(a.interventionId, a.requestBody());
                    if (r.replayed()) report.alreadyApplied++;
                    if (r.intervention() != null && r.intervention().id() != 0) store.putIntervention(r.intervention());
                }
                store.removeAction(a.clientActionId);
                report.sent++;
            } catch (ApiException e) {
                if (e.status == 409) {
                    a.state = PendingAction.State.CONFLICT;
                    a.serverState = e.problem.optJSONObject("current");
                    a.error = e.detail();
                    store.updateAction(a);
                    if (a.serverState != null) store.putIntervention(new Intervention(a.serverState));
                    held.add(a.interventionId);
                    report.conflicts++;
                } else if (e.status == 401) {
                    store.updateAction(a);
                    report.authRequired = true;
                    report.failure = e.getMessage();
                    return;
                } else if (e.isServerError() || e.status == 408 || e.status == 429) {
                    store.updateAction(a);
                    report.offline = true;
                    report.failure = e.getMessage();
                    return;
                } else {
                    a.errorField = e.field().isEmpty() ? null : e.field();
                    reject(a, e.detail().isEmpty() ? "Refusé par le serveur (" + e.status + ")" : e.detail(), report, held);
                }
            } catch (IOException e) {
                store.updateAction(a);
                report.offline = true;
                report.failure = e.toString();
                return;
            }
        }
    }

    private void reject(PendingAction a, String message, SyncReport report, Set<Long> held) {
        a.state = PendingAction.State.REJECTED;
        a.error = message;
        store.updateAction(a);
        held.add(a.interventionId);
        report.rejected++;
    }

    private void addPhotoToCache(long interventionId, JSONObject photo) {
        Intervention cached = store.intervention(interventionId);
        if (cached == null) return;
        JSONArray photos = cached.json().optJSONArray("photos");
        if (photos == null) {
            photos = new JSONArray();
            Intervention.put(cached.json(), "photos", photos);
        }
        for (int i = 0; i < photos.length(); i++) {
            JSONObject p = photos.optJSONObject(i);
            if (p != null && p.optLong("id") == photo.optLong("id")) return;
        }
        photos.put(photo);
        store.putIntervention(cached);
    }

    /** Pulls the team's interventions (replaces the cache) and caches their photos. */
    public SyncReport pull() {
        synchronized (syncLock) {
            SyncReport report = new SyncReport();
            pullInto(report);
            report.stillQueued = store.actions().size();
            fire();
            return report;
        }
    }

    private void pullInto(SyncReport report) {
        List<Intervention> list;
        try {
            list = api.interventions();
        } catch (ApiException e) {
            if (e.status == 401) report.authRequired = true; else report.offline = true;
            report.failure = e.getMessage();
            return;
        } catch (IOException e) {
            report.offline = true;
            report.failure = e.toString();
            return;
        }
        // What the agent must be told of: only against an earlier pull (not the whole list at sign-in).
        boolean pulledBefore = store.meta(META_LAST_SYNC) != null;
        java.util.Map<Long, Intervention> before = new java.util.HashMap<>();
        for (Intervention i : store.interventions()) before.put(i.id(), i);
        Set<Long> keep = new LinkedHashSet<>();
        for (Intervention i : list) {
            Intervention was = before.get(i.id());
            if (pulledBefore && !i.isResolved()) {
                if (was == null) report.newJobs.add(i);
                else if ("OVERDUE".equals(i.dueStatus()) && !"OVERDUE".equals(was.dueStatus())) report.overdueJobs.add(i);
            }
            store.putIntervention(i);
            keep.add(i.id());
        }
        for (PendingAction a : store.actions()) keep.add(a.interventionId); // never lose queued work
        store.retainInterventions(keep);
        pullSettings();
        store.putMeta(META_LAST_SYNC, clock.instant().toString());
        report.pulled = list.size();
        if (cachePhotos) cachePhotos(list);
        pruneCachedPhotos();
    }

    /** The server's rules; an older server without them (404) leaves the cached or default ones. */
    private void pullSettings() {
        try {
            store.putMeta(META_FIELD_SETTINGS, api.fieldSettings().toString());
        } catch (IOException | ApiException e) {
            // keep what we had: the next sync tries again
        }
        try {
            JSONArray groups = api.categories();
            JSONArray flat = new JSONArray();
            for (int g = 0; g < groups.length(); g++) {
                JSONObject group = groups.optJSONObject(g);
                JSONArray cats = group == null ? null : group.optJSONArray("categories");
                if (cats == null) continue;
                for (int c = 0; c < cats.length(); c++) {
                    JSONObject cat = cats.optJSONObject(c);
                    if (cat != null) flat.put(HttpAgentApi.obj("code", cat.optString("code"),
                            "label", group.optString("group", "") + " — " + cat.optString("label")));
                }
            }
            store.putMeta(META_CATEGORIES, flat.toString());
        } catch (IOException | ApiException e) {
            // keep what we had
        }
    }

    /** The categories a new report may take (code, label), as last synced; empty before. */
    public List<JSONObject> categories() {
        List<JSONObject> out = new ArrayList<>();
        String s = store.meta(META_CATEGORIES);
        if (s == null) return out;
        try {
            JSONArray a = new JSONArray(s);
            for (int i = 0; i < a.length(); i++) if (a.optJSONObject(i) != null) out.add(a.optJSONObject(i));
        } catch (org.json.JSONException e) {
            // none
        }
        return out;
    }

    /** The server's field settings as last synced (empty before the first sync). */
    public JSONObject fieldSettings() {
        String s = store.meta(META_FIELD_SETTINGS);
        try {
            return s == null ? new JSONObject() : new JSONObject(s);
        } catch (org.json.JSONException e) {
            return new JSONObject();
        }
    }

    /** The server's "can't fix" reasons (code, label, returnsToDispatch); its defaults before the first sync. */
    public List<JSONObject> cantFixReasons() {
        JSONArray a = fieldSettings().optJSONArray("cantFixReasons");
        List<JSONObject> out = new ArrayList<>();
        if (a == null || a.length() == 0) {
            String[][] d = {{"OTHER_TEAM", "Relève d'une autre équipe", "true"}, {"MATERIAL", "En attente de matériel", "false"},
                    {"CONTRACTOR", "Nécessite une entreprise extérieure", "false"}, {"ACCESS", "Accès impossible", "true"},
                    {"NOT_FOUND", "Problème introuvable sur place", "true"}};
            for (String[] r : d) out.add(HttpAgentApi.obj("code", r[0], "label", r[1], "returnsToDispatch", Boolean.parseBoolean(r[2])));
            return out;
        }
        for (int i = 0; i < a.length(); i++) if (a.optJSONObject(i) != null) out.add(a.optJSONObject(i));
        return out;
    }

    /** The proof rules to apply now (the server's, or its defaults before the first sync). */
    public ProofRules proofRules() {
        return ProofRules.of(fieldSettings().optJSONObject("proof"));
    }

    /** Keeps only the photos of the cached interventions (the cache holds "the day", not history). */
    private void pruneCachedPhotos() {
        Set<String> keep = new HashSet<>();
        for (Intervention i : store.interventions()) {
            for (Intervention.Photo p : i.photos()) {
                keep.add(photoKey(p.url()));
                keep.add(photoKey(p.thumbnailUrl()));
            }
        }
        blobs.retain("photo:", keep);
    }

    private void cachePhotos(List<Intervention> list) {
        for (Intervention i : list) {
            for (Intervention.Photo p : i.photos()) {
                for (String url : new String[] {p.thumbnailUrl(), p.url()}) {
                    if (url == null || url.isEmpty() || blobs.has(photoKey(url))) continue;
                    try {
                        blobs.put(photoKey(url), api.download(url));
                    } catch (IOException e) {
                        return; // network gone: try again next sync
                    } catch (ApiException e) {
                        // missing photo: skip it
                    }
                }
            }
        }
    }

    /** Blob key of a server photo URL (citizens' photos cached for offline use). */
    public static String photoKey(String url) {
        return "photo:" + url;
    }

    // ---------------------------------------------------------------- conflicts

    /**
     * The agent saw the server's state of a conflicting (or refused) action and wants to apply it
     * anyway: it and the later queued actions of the same intervention are re-based on the server's
     * version and sent at the next sync.
     */
    public void retry(String clientActionId) {
        PendingAction target = find(clientActionId);
        if (target == null) return;
        long version = target.serverState != null ? new Intervention(target.serverState).version()
                : versionOrBase(target);
        for (PendingAction a : store.actions()) {
            if (a.interventionId != target.interventionId || a.seq < target.seq) continue;
            a.baseVersion = version;
            a.state = PendingAction.State.PENDING;
            a.serverState = null;
            a.error = null;
            store.updateAction(a);
        }
        fire();
    }

    /**
     * The agent supplies what the server said was missing (e.g. the {@code distanceReason} of a far
     * resolve): the refused action, with these fields added, is queued again under the same id (the
     * server recorded nothing for it) and the later actions it held back follow.
     */
    public void amend(String clientActionId, JSONObject fields) {
        PendingAction target = find(clientActionId);
        if (target == null || target.state != PendingAction.State.REJECTED) return;
        try {
            for (java.util.Iterator<String> k = fields.keys(); k.hasNext(); ) {
                String key = k.next();
                target.payload.put(key, fields.get(key));
            }
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
        target.state = PendingAction.State.PENDING;
        target.error = null;
        target.errorField = null;
        store.updateAction(target);
        fire();
    }

    /** The agent gives up a conflicting/refused (or still pending) action: it is deleted locally. */
    public void discard(String clientActionId) {
        PendingAction a = find(clientActionId);
        if (a == null) return;
        store.removeAction(clientActionId);
        if (a.blobKey != null) blobs.remove(a.blobKey);
        fire();
    }

    private long versionOrBase(PendingAction a) {
        Intervention cached = store.intervention(a.interventionId);
        return cached == null ? a.baseVersion : cached.version();
    }

    private PendingAction find(String clientActionId) {
        for (PendingAction a : store.actions()) if (a.clientActionId.equals(clientActionId)) return a;
        return null;
    }

    // ---------------------------------------------------------------- reading

    /** The cached intervention with the agent's queued actions applied (what the UI shows), or null. */
    public Intervention view(long id) {
        Intervention cached = store.intervention(id);
        if (cached == null) return null;
        return Optimistic.apply(cached, pendingFor(id));
    }

    /** All cached interventions, queued actions applied, sorted by due time (no due time last). */
    public List<Intervention> views() {
        List<PendingAction> actions = store.actions();
        List<Intervention> out = new ArrayList<>();
        for (Intervention i : store.interventions()) {
            List<PendingAction> mine = new ArrayList<>();
            for (PendingAction a : actions) if (a.interventionId == i.id()) mine.add(a);
            out.add(Optimistic.apply(i, mine));
        }
        out.sort(BY_DUE);
        return out;
    }

    public static final Comparator<Intervention> BY_DUE = (a, b) -> {
        Instant x = a.dueAt(), y = b.dueAt();
        if (x == null && y == null) return Long.compare(a.id(), b.id());
        if (x == null) return 1;
        if (y == null) return -1;
        int c = x.compareTo(y);
        return c != 0 ? c : Long.compare(a.id(), b.id());
    };

    public List<PendingAction> pendingFor(long interventionId) {
        List<PendingAction> out = new ArrayList<>();
        for (PendingAction a : store.actions()) if (a.interventionId == interventionId) out.add(a);
        return out;
    }

    /** Conflicts and refusals waiting for the agent's decision. */
    public List<PendingAction> problems() {
        List<PendingAction> out = new ArrayList<>();
        for (PendingAction a : store.actions()) if (a.state != PendingAction.State.PENDING) out.add(a);
        return out;
    }

    public int queuedCount() { return store.actions().size(); }

    public Instant lastSyncAt() { return Intervention.instant(store.meta(META_LAST_SYNC)); }

    /** Sign-out: deletes every cached intervention, photo and queued action. */
    /**
     * Another agent took over the tablet and the queue: the previous agent's cached interventions and
     * photos go, except those the queued actions are about (the next pull refreshes the rest).
     */
    public void forgetCacheKeepingQueue() {
        synchronized (syncLock) {
            Set<Long> keep = new LinkedHashSet<>();
            for (PendingAction a : store.actions()) keep.add(a.interventionId); // queued photos have their own keys
            store.retainInterventions(keep);
            store.putMeta(META_LAST_SYNC, null); // the new agent's first pull is not "news" to them
            pruneCachedPhotos();
        }
        fire();
    }

    public void clearLocalData() {
        synchronized (syncLock) {
            store.clear();
            blobs.clear();
        }
        fire();
    }

    private void fire() {
        for (Listener l : listeners) l.onLocalDataChanged();
    }
}
