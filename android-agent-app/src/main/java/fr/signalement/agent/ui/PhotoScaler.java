package fr.signalement.agent.ui;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import android.graphics.Matrix;
import android.media.ExifInterface;

/**
 * Downscales the camera's full-size photo before it is queued for upload (mobile data, weak network):
 * longest side at most {@link #MAX_EDGE} px, JPEG quality {@link #QUALITY}, EXIF orientation applied
 * and EXIF metadata (incl. GPS) not copied.
 */
public final class PhotoScaler {
    public static final int MAX_EDGE = 1600;
    public static final int QUALITY = 82;

    private PhotoScaler() { }

    public static byte[] downscale(File file) throws IOException {
        BitmapFactory.Options bounds = new BitmapFactory.Options();
        bounds.inJustDecodeBounds = true;
        BitmapFactory.decodeFile(file.getPath(), bounds);
        if (bounds.outWidth <= 0 || bounds.outHeight <= 0) throw new IOException("Not an image: " + file);
        int sample = 1;
        while (Math.max(bounds.outWidth, bounds.outHeight) / (sample * 2) >= MAX_EDGE) sample *= 2;
        BitmapFactory.Options opts = new BitmapFactory.Options();
        opts.inSampleSize = sample;
        Bitmap bmp = BitmapFactory.decodeFile(file.getPath(), opts);
        if (bmp == null) throw new IOException("Cannot decode " + file);
        return compress(rotate(bmp, orientation(file)));
    }

    /** Scales a decoded bitmap (also used on the camera's thumbnail when no file was written). */
    public static byte[] compress(Bitmap bmp) {
        int w = bmp.getWidth(), h = bmp.getHeight();
        float scale = Math.min(1f, (float) MAX_EDGE / Math.max(w, h));
        Bitmap out = scale < 1f ? Bitmap.createScaledBitmap(bmp, Math.round(w * scale), Math.round(h * scale), true) : bmp;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        out.compress(Bitmap.CompressFormat.JPEG, QUALITY, bytes);
        return bytes.toByteArray();
    }

    private static int orientation(File file) {
        try {
            return new ExifInterface(file.getPath()).getAttributeInt(ExifInterface.TAG_ORIENTATION, ExifInterface.ORIENTATION_NORMAL);
        } catch (IOException | RuntimeException e) {
            return ExifInterface.ORIENTATION_NORMAL;
        }
    }

    private static Bitmap rotate(Bitmap bmp, int orientation) {
        int degrees;
        switch (orientation) {
            case ExifInterface.ORIENTATION_ROTATE_90: degrees = 90; break;
            case ExifInterface.ORIENTATION_ROTATE_180: degrees = 180; break;
            case ExifInterface.ORIENTATION_ROTATE_270: degrees = 270; break;
            default: return bmp;
        }
        Matrix m = new Matrix();
        m.postRotate(degrees);
        return Bitmap.createBitmap(bmp, 0, 0, bmp.getWidth(), bmp.getHeight(), m, true);
    }
}
