package fr.signalement.photo;

/**
 * Loads OpenCV's native library once per JVM. It comes inside the {@code org.openpnp:opencv} jar
 * from Maven Central (Linux x86-64 and ARM, macOS, Windows builds, statically linked against
 * libjpeg-turbo, libpng and libwebp: nothing to install with apt); the loader copies the build for
 * this platform to a temporary file and loads it. Tests, the packaged backend and the bench use the
 * same path.
 */
public final class OpenCv {
    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    nu.pattern.OpenCV.loadLocally();
                    // One thread per call: photos are worked on in parallel by DecodeSlots' fixed pool
                    // already; OpenCV's own threads on top would oversubscribe the cores and wait on each other.
                    org.opencv.core.Core.setNumThreads(1);
                    loaded = true;
                }
            }
        }
    }
}
