package fr.signalement.agent.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import android.content.ContentValues;
import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;
import android.database.sqlite.SQLiteOpenHelper;

import org.json.JSONException;
import org.json.JSONObject;

import fr.signalement.agent.core.ActionType;
import fr.signalement.agent.core.Intervention;
import fr.signalement.agent.core.LocalStore;
import fr.signalement.agent.core.PendingAction;

/** {@link LocalStore} on the device's SQLite (android.database.sqlite). */
public final class SqliteLocalStore extends SQLiteOpenHelper implements LocalStore {
    public static final String DB_NAME = "signalement-agent.db";
    private static final int DB_VERSION = 2;

    public SqliteLocalStore(Context context) {
        this(context, DB_NAME);
    }

    /** @param name null for an in-memory database */
    public SqliteLocalStore(Context context, String name) {
        super(context.getApplicationContext(), name, null, DB_VERSION);
    }

    @Override
    public void onCreate(SQLiteDatabase db) {
        db.execSQL("CREATE TABLE intervention (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, due_at TEXT, json TEXT NOT NULL)");
        db.execSQL("CREATE TABLE action_queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, client_action_id TEXT NOT NULL UNIQUE,"
                + " intervention_id INTEGER NOT NULL, type TEXT NOT NULL, base_version INTEGER NOT NULL, payload TEXT NOT NULL,"
                + " blob_key TEXT, created_at TEXT NOT NULL, state TEXT NOT NULL, server_state TEXT, error TEXT,"
                + " attempts INTEGER NOT NULL DEFAULT 0, error_field TEXT)");
        db.execSQL("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)");
    }

    @Override
    public void onUpgrade(SQLiteDatabase db, int oldVersion, int newVersion) {
        // Never drop the queue on an update: add what is new.
        if (oldVersion < 2) db.execSQL("ALTER TABLE action_queue ADD COLUMN error_field TEXT");
    }

    @Override
    public synchronized void putIntervention(Intervention i) {
        ContentValues v = new ContentValues();
        v.put("id", i.id());
        v.put("version", i.version());
        v.put("due_at", i.json().optString("dueAt", null));
        v.put("json", i.toJsonString());
        getWritableDatabase().insertWithOnConflict("intervention", null, v, SQLiteDatabase.CONFLICT_REPLACE);
    }

    @Override
    public synchronized Intervention intervention(long id) {
        try (Cursor c = getReadableDatabase().rawQuery("SELECT json FROM intervention WHERE id = ?", new String[] {Long.toString(id)})) {
            return c.moveToFirst() ? Intervention.parse(c.getString(0)) : null;
        }
    }

    @Override
    public synchronized List<Intervention> interventions() {
        List<Intervention> out = new ArrayList<>();
        try (Cursor c = getReadableDatabase().rawQuery("SELECT json FROM intervention ORDER BY due_at, id", null)) {
            while (c.moveToNext()) out.add(Intervention.parse(c.getString(0)));
        }
        return out;
    }

    @Override
    public synchronized void retainInterventions(Collection<Long> keep) {
        SQLiteDatabase db = getWritableDatabase();
        db.beginTransaction();
        try {
            List<Long> all = new ArrayList<>();
            try (Cursor c = db.rawQuery("SELECT id FROM intervention", null)) {
                while (c.moveToNext()) all.add(c.getLong(0));
            }
            for (Long id : all) if (!keep.contains(id)) db.delete("intervention", "id = ?", new String[] {id.toString()});
            db.setTransactionSuccessful();
        } finally {
            db.endTransaction();
        }
    }

    @Override
    public synchronized void enqueue(PendingAction a) {
        ContentValues v = values(a);
        v.put("client_action_id", a.clientActionId);
        v.put("intervention_id", a.interventionId);
        v.put("type", a.type.name());
        v.put("payload", a.payload.toString());
        v.put("blob_key", a.blobKey);
        v.put("created_at", a.createdAt.toString());
        a.seq = getWritableDatabase().insertOrThrow("action_queue", null, v);
    }

    @Override
    public synchronized void updateAction(PendingAction a) {
        getWritableDatabase().update("action_queue", values(a), "client_action_id = ?", new String[] {a.clientActionId});
    }

    private static ContentValues values(PendingAction a) {
        ContentValues v = new ContentValues();
        v.put("base_version", a.baseVersion);
        v.put("state", a.state.name());
        v.put("server_state", a.serverState == null ? null : a.serverState.toString());
        v.put("error", a.error);
        v.put("error_field", a.errorField);
        v.put("payload", a.payload.toString()); // amended by the agent after a refusal
        v.put("attempts", a.attempts);
        return v;
    }

    @Override
    public synchronized void removeAction(String clientActionId) {
        getWritableDatabase().delete("action_queue", "client_action_id = ?", new String[] {clientActionId});
    }

    @Override
    public synchronized List<PendingAction> actions() {
        List<PendingAction> out = new ArrayList<>();
        try (Cursor c = getReadableDatabase().rawQuery(
                "SELECT seq, client_action_id, intervention_id, type, base_version, payload, blob_key, created_at,"
                        + " state, server_state, error, attempts, error_field FROM action_queue ORDER BY seq", null)) {
            while (c.moveToNext()) {
                PendingAction a = new PendingAction(c.getString(1), c.getLong(2), ActionType.valueOf(c.getString(3)),
                        c.getLong(4), json(c.getString(5)), c.isNull(6) ? null : c.getString(6), Instant.parse(c.getString(7)));
                a.seq = c.getLong(0);
                a.state = PendingAction.State.valueOf(c.getString(8));
                a.serverState = c.isNull(9) ? null : json(c.getString(9));
                a.error = c.isNull(10) ? null : c.getString(10);
                a.attempts = c.getInt(11);
                a.errorField = c.isNull(12) ? null : c.getString(12);
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public synchronized void putMeta(String key, String value) {
        ContentValues v = new ContentValues();
        v.put("key", key);
        v.put("value", value);
        getWritableDatabase().insertWithOnConflict("meta", null, v, SQLiteDatabase.CONFLICT_REPLACE);
    }

    @Override
    public synchronized String meta(String key) {
        try (Cursor c = getReadableDatabase().rawQuery("SELECT value FROM meta WHERE key = ?", new String[] {key})) {
            return c.moveToFirst() ? c.getString(0) : null;
        }
    }

    @Override
    public synchronized void clear() {
        SQLiteDatabase db = getWritableDatabase();
        db.beginTransaction();
        try {
            db.delete("intervention", null, null);
            db.delete("action_queue", null, null);
            db.delete("meta", null, null);
            db.setTransactionSuccessful();
        } finally {
            db.endTransaction();
        }
    }

    private static JSONObject json(String s) {
        try {
            return new JSONObject(s);
        } catch (JSONException e) {
            throw new IllegalStateException("Corrupt JSON in local store", e);
        }
    }
}
