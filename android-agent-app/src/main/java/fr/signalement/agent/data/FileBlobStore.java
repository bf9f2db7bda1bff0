package fr.signalement.agent.data;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import android.content.Context;

import fr.signalement.agent.core.BlobStore;

/** {@link BlobStore} as files in the app's private storage (photos of the day). */
public final class FileBlobStore implements BlobStore {
    private final File dir;

    public FileBlobStore(Context context) {
        this(new File(context.getFilesDir(), "blobs"));
    }

    public FileBlobStore(File dir) {
        this.dir = dir;
    }

    private File file(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte b : h) sb.append(String.format("%02x", b));
            return new File(dir, namespace(key) + "-" + sb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files are named {@code <key prefix up to ':'>-<sha256 of key>} so {@link #retain} can find them. */
    private static String namespace(String key) {
        int colon = key.indexOf(':');
        return colon <= 0 ? "blob" : key.substring(0, colon).replaceAll("[^A-Za-z0-9]", "_");
    }

    @Override
    public synchronized void retain(String prefix, java.util.Set<String> keep) {
        java.util.Set<String> keepNames = new java.util.HashSet<>();
        for (String k : keep) keepNames.add(file(k).getName());
        String ns = namespace(prefix) + "-";
        File[] files = dir.listFiles();
        if (files == null) return;
        for (File f : files) {
            if (f.getName().startsWith(ns) && !f.getName().endsWith(".tmp") && !keepNames.contains(f.getName())) f.delete();
        }
    }

    @Override
    public synchronized void put(String key, byte[] data) {
        dir.mkdirs();
        File target = file(key);
        File tmp = new File(dir, target.getName() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp)) {
            out.write(data);
            out.getFD().sync();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + tmp, e);
        }
        if (!tmp.renameTo(target)) throw new IllegalStateException("Cannot rename " + tmp);
    }

    @Override
    public synchronized byte[] get(String key) {
        File f = file(key);
        if (!f.isFile()) return null;
        try {
            return Files.readAllBytes(f.toPath());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized boolean has(String key) {
        return file(key).isFile();
    }

    @Override
    public synchronized void remove(String key) {
        file(key).delete();
    }

    @Override
    public synchronized void clear() {
        File[] files = dir.listFiles();
        if (files != null) for (File f : files) f.delete();
    }
}
