package fr.signalement.agent.data;

import java.io.File;
import java.io.FileNotFoundException;

import android.content.ContentProvider;
import android.content.ContentValues;
import android.content.Context;
import android.database.Cursor;
import android.net.Uri;
import android.os.ParcelFileDescriptor;

/**
 * Minimal replacement for AndroidX's FileProvider (not on Maven Central): gives the camera app a
 * writable {@code content://} URI for the "after" photo, granted per intent.
 */
public final class PhotoCaptureProvider extends ContentProvider {
    public static final String AUTHORITY = "fr.signalement.agent.photos";

    /** The file the camera writes to (one capture at a time). */
    public static File captureFile(Context context) {
        File dir = new File(context.getCacheDir(), "capture");
        dir.mkdirs();
        return new File(dir, "apres.jpg");
    }

    public static Uri captureUri() {
        return Uri.parse("content://" + AUTHORITY + "/capture/apres.jpg");
    }

    @Override public boolean onCreate() { return true; }

    @Override
    public ParcelFileDescriptor openFile(Uri uri, String mode) throws FileNotFoundException {
        if (!"/capture/apres.jpg".equals(uri.getPath())) throw new FileNotFoundException(uri.toString());
        File f = captureFile(getContext());
        return ParcelFileDescriptor.open(f, ParcelFileDescriptor.parseMode(mode.contains("w") ? "rwt" : "r"));
    }

    @Override public String getType(Uri uri) { return "image/jpeg"; }
    @Override public Cursor query(Uri u, String[] p, String s, String[] a, String o) { return null; }
    @Override public Uri insert(Uri uri, ContentValues values) { return null; }
    @Override public int delete(Uri uri, String s, String[] a) { return 0; }
    @Override public int update(Uri uri, ContentValues v, String s, String[] a) { return 0; }
}
