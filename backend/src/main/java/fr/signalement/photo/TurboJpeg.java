package fr.signalement.photo;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jboss.logging.Logger;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * JPEG through the system's libjpeg-turbo (TurboJPEG C API, Debian package {@code libturbojpeg0},
 * called with JNA): its SIMD code decodes and encodes two to three times faster than the copy of
 * libjpeg-turbo built into OpenCV's jar, which has no SIMD. Pixels go straight from the decoder into
 * an OpenCV matrix's memory and from it into the encoder: no copy. When the library is missing (a
 * machine without the package) {@link #available()} says so and {@link Pixels} uses OpenCV's codec.
 */
final class TurboJpeg {
    private static final Logger LOG = Logger.getLogger(TurboJpeg.class);
    private static final int TJPF_BGR = 1;
    private static final int TJSAMP_420 = 2;
    private static final int TJERR_WARNING = 0;

    /** The part of turbojpeg.h we call (libjpeg-turbo 2.x). */
    interface Api extends Library {
        Pointer tjInitDecompress();

        Pointer tjInitCompress();

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, Pointer dst, int width, int pitch, int height,
                          int pixelFormat, int flags);

        int tjCompress2(Pointer handle, Pointer src, int width, int pitch, int height, int pixelFormat,
                        PointerByReference jpeg, NativeLongByReference size, int subsampling, int quality, int flags);

        int tjGetErrorCode(Pointer handle);

        String tjGetErrorStr2(Pointer handle);

        void tjFree(Pointer buffer);
    }

    private static final Api API = load();
    // TurboJPEG handles are not thread-safe; photo work runs on a few fixed threads, each keeps its own.
    private static final ThreadLocal<Pointer> DECOMPRESSORS = ThreadLocal.withInitial(() -> API.tjInitDecompress());
    private static final ThreadLocal<Pointer> COMPRESSORS = ThreadLocal.withInitial(() -> API.tjInitCompress());

    private TurboJpeg() {
    }

    private static Api load() {
        for (String name : new String[]{"turbojpeg", "libturbojpeg.so.0"}) {
            try {
                return Native.load(name, Api.class);
            } catch (UnsatisfiedLinkError e) {
                // next name
            }
        }
        LOG.warn("libturbojpeg not found (Debian: apt-get install libturbojpeg0): JPEG through OpenCV's codec, 2-3x slower");
        return null;
    }

    static boolean available() {
        return API != null;
    }

    /**
     * Decodes at 1/{@code scale} (1, 2, 4 or 8: DCT-domain scaling) into BGR pixels; empty when
     * libjpeg-turbo refuses the file (e.g. CMYK, which TurboJPEG cannot turn into BGR).
     */
    static Mat decode(byte[] jpeg, int width, int height, int scale) {
        int w = (width + scale - 1) / scale;
        int h = (height + scale - 1) / scale;
        Mat out = new Mat(h, w, CvType.CV_8UC3);
        Pointer handle = DECOMPRESSORS.get();
        int rc = API.tjDecompress2(handle, jpeg, new NativeLong(jpeg.length), new Pointer(out.dataAddr()), w, w * 3, h,
                TJPF_BGR, 0);
        // A warning (a truncated file, a stray byte) still gives the pixels, as a browser shows them.
        if (rc != 0 && API.tjGetErrorCode(handle) != TJERR_WARNING) {
            LOG.debugf("libjpeg-turbo cannot decode: %s", API.tjGetErrorStr2(handle));
            out.release();
            return new Mat();
        }
        return out;
    }

    /** Baseline JPEG (4:2:0) of continuous BGR pixels, without any metadata. */
    static byte[] encode(Mat bgr, int quality) {
        Mat src = bgr.isContinuous() ? bgr : bgr.clone();
        PointerByReference buffer = new PointerByReference();
        NativeLongByReference size = new NativeLongByReference();
        Pointer handle = COMPRESSORS.get();
        try {
            if (API.tjCompress2(handle, new Pointer(src.dataAddr()), src.cols(), src.cols() * 3, src.rows(), TJPF_BGR,
                    buffer, size, TJSAMP_420, quality, 0) != 0) {
                throw new IllegalStateException("libjpeg-turbo cannot encode: " + API.tjGetErrorStr2(handle));
            }
            return buffer.getValue().getByteArray(0, (int) size.getValue().longValue());
        } finally {
            if (buffer.getValue() != null) {
                API.tjFree(buffer.getValue());
            }
            if (src != bgr) {
                src.release();
            }
        }
    }
}
