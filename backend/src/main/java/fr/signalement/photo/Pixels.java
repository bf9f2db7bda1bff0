package fr.signalement.photo;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.util.ArrayList;
import java.util.List;

/**
 * The pixel work on a photo, with OpenCV (libjpeg-turbo inside): a JPEG is decoded straight at
 * 1/2, 1/4 or 1/8 of its size in the DCT domain (libjpeg-turbo skips the coefficients it would
 * throw away), so a 4000×3000 photo never exists at full size in memory; the decoder does the one
 * colour conversion (YCbCr to BGR) and the encoder the one back. The EXIF orientation is applied to
 * the reduced image. Nothing of the original file but its pixels survives: the encoder writes no
 * metadata. Plain class without CDI, so the bench runs exactly this.
 */
public final class Pixels {
    /** A reduced JPEG decode is kept when its long edge is at least this share of the target edge. */
    static final double MIN_REDUCED_SHARE = 0.7;

    private Pixels() {
    }

    /**
     * The intake's whole pixel work on a photo whose header was checked: decode reduced, upright,
     * fit, encode photo and thumbnail. Null when the decoder cannot read the image.
     */
    public static ProcessedPhoto process(byte[] data, ImageHeader header, int maxEdge, int thumbnailEdge) {
        Mat image = decode(data, header, maxEdge);
        try {
            return image.empty() ? null : encode(image, thumbnailEdge);
        } finally {
            image.release();
        }
    }

    /** Decodes an image whose header was checked, at most about {@code maxEdge} on its long edge, upright, 3-channel BGR. */
    public static Mat decode(byte[] data, ImageHeader header, int maxEdge) {
        OpenCv.load();
        MatOfByte buffer = new MatOfByte(data);
        try {
            Mat image;
            if (header.type() == ImageHeader.Type.JPEG) {
                int scale = reduction(header, maxEdge);
                image = TurboJpeg.available() ? TurboJpeg.decode(data, header.width(), header.height(), scale) : new Mat();
                if (image.empty()) { // no libturbojpeg here, or a JPEG it cannot turn into BGR (CMYK)
                    // Orientation ignored here: applied below, on the reduced image, from the header.
                    image = Imgcodecs.imdecode(buffer, FLAGS.get(scale) | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
                }
                image = upright(image, header.orientation());
            } else {
                image = opaque(Imgcodecs.imdecode(buffer, Imgcodecs.IMREAD_UNCHANGED));
            }
            if (image.empty()) {
                return image;
            }
            return fit(image, maxEdge);
        } finally {
            buffer.release();
        }
    }

    private static final java.util.Map<Integer, Integer> FLAGS = java.util.Map.of(1, Imgcodecs.IMREAD_COLOR,
            2, Imgcodecs.IMREAD_REDUCED_COLOR_2, 4, Imgcodecs.IMREAD_REDUCED_COLOR_4, 8, Imgcodecs.IMREAD_REDUCED_COLOR_8);

    /** The largest DCT-domain reduction (8, 4, 2, else 1) that keeps enough pixels for {@code maxEdge}. */
    static int reduction(ImageHeader header, int maxEdge) {
        int edge = Math.max(header.width(), header.height());
        for (int r : new int[]{8, 4, 2}) {
            if ((double) edge / r >= MIN_REDUCED_SHARE * maxEdge) {
                return r;
            }
        }
        return 1;
    }

    /** Scales down (area averaging) so the long edge is at most {@code maxEdge}; releases the source if it scaled. */
    public static Mat fit(Mat src, int maxEdge) {
        int edge = Math.max(src.cols(), src.rows());
        if (edge <= maxEdge) {
            return src;
        }
        double ratio = (double) maxEdge / edge;
        Mat out = new Mat();
        Imgproc.resize(src, out, new Size(Math.max(1, Math.round(src.cols() * ratio)),
                Math.max(1, Math.round(src.rows() * ratio))), 0, 0, Imgproc.INTER_AREA);
        src.release();
        return out;
    }

    /** Applies an EXIF orientation (1–8) so the stored image needs no metadata to display upright. */
    public static Mat upright(Mat src, int orientation) {
        if (src.empty() || orientation <= 1 || orientation > 8) {
            return src;
        }
        Mat out = new Mat();
        switch (orientation) {
            case 2 -> Core.flip(src, out, 1);
            case 3 -> Core.rotate(src, out, Core.ROTATE_180);
            case 4 -> Core.flip(src, out, 0);
            case 5 -> Core.transpose(src, out);
            case 6 -> Core.rotate(src, out, Core.ROTATE_90_CLOCKWISE);
            case 7 -> {
                Core.transpose(src, out);
                Core.flip(out, out, -1);
            }
            default -> Core.rotate(src, out, Core.ROTATE_90_COUNTERCLOCKWISE);
        }
        src.release();
        return out;
    }

    /** 3-channel BGR; a transparent image is laid on white (as a browser shows it), a grey one expanded. */
    static Mat opaque(Mat src) {
        if (src.empty() || src.channels() == 3 && src.depth() == 0) {
            return src;
        }
        Mat eight = src;
        if (src.depth() != 0) { // 16-bit PNG
            eight = new Mat();
            src.convertTo(eight, 0, 1.0 / 257);
            src.release();
        }
        Mat out = new Mat();
        switch (eight.channels()) {
            case 1 -> Imgproc.cvtColor(eight, out, Imgproc.COLOR_GRAY2BGR);
            case 4 -> {
                List<Mat> planes = new ArrayList<>();
                Core.split(eight, planes);
                Mat alpha = planes.get(3);
                Mat bgr = new Mat();
                Core.merge(planes.subList(0, 3), bgr);
                Mat alpha3 = new Mat();
                Imgproc.cvtColor(alpha, alpha3, Imgproc.COLOR_GRAY2BGR);
                Mat white = new Mat(bgr.size(), bgr.type(), new Scalar(255, 255, 255));
                Mat inverse = new Mat();
                Core.subtract(white, alpha3, inverse);
                // out = bgr * a / 255 + 255 * (255 - a) / 255
                Core.multiply(bgr, alpha3, bgr, 1.0 / 255);
                Core.add(bgr, inverse, out);
                for (Mat m : List.of(alpha3, white, inverse, bgr)) {
                    m.release();
                }
                planes.forEach(Mat::release);
            }
            default -> eight.copyTo(out);
        }
        eight.release();
        return out;
    }

    /** Baseline JPEG of the pixels at {@code quality} (0–100), without any metadata. */
    public static byte[] jpeg(Mat image, int quality) {
        if (TurboJpeg.available()) {
            return TurboJpeg.encode(image, quality);
        }
        MatOfByte out = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(".jpg", image, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality))) {
                throw new IllegalStateException("JPEG encoding failed");
            }
            return out.toArray();
        } finally {
            out.release();
        }
    }

    /** The stored photo and its thumbnail, from upright, bounded pixels. */
    public static ProcessedPhoto encode(Mat image, int thumbnailEdge) {
        Mat thumb = new Mat();
        try {
            int edge = Math.max(image.cols(), image.rows());
            double ratio = Math.min(1.0, (double) thumbnailEdge / edge);
            Imgproc.resize(image, thumb, new Size(Math.max(1, Math.round(image.cols() * ratio)),
                    Math.max(1, Math.round(image.rows() * ratio))), 0, 0, Imgproc.INTER_AREA);
            return new ProcessedPhoto(jpeg(image, 85), jpeg(thumb, 80), image.cols(), image.rows());
        } finally {
            thumb.release();
        }
    }
}
