package fr.signalement.photo;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;
import org.opencv.objdetect.FaceDetectorYN;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds faces and licence plates in a photo and blurs them irreversibly. Runs in-process, nothing
 * leaves the machine. Faces: YuNet (libfacedetection, Apache-2.0, shipped in {@code models/})
 * through OpenCV's {@code FaceDetectorYN}. Plates: an explainable detector of what a European plate
 * looks like — a bright, wide rectangle (4.7:1 for the EU format, 2:1 to 7:1 allowed for angles and
 * two-line plates) holding a row of dark, character-sized marks — see {@link #plates}. Not thread-safe
 * (YuNet keeps state): one per photo worker thread.
 */
public final class Anonymiser {
    /** A region to blur, in the photo's pixels; {@code source} is face, plate or staff. */
    public record Box(int x, int y, int w, int h, String source) {
        Rect rect() {
            return new Rect(x, y, w, h);
        }
    }

    public static final String FACE = "face";
    public static final String PLATE = "plate";
    public static final String STAFF = "staff";
    /** YuNet runs on at most this long an edge: the cost grows with the pixels; 40 px faces stay ≥ 20 px. */
    static final int FACE_EDGE = 1024;
    static final float FACE_SCORE = 0.6f;
    /** Plates are searched on at most this long an edge (a plate on a 2000 px photo stays ≥ 10 px high). */
    static final int PLATE_EDGE = 1024;
    /** The black-hat's small kernel (px): characters of about 7 to 24 px high. */
    static final int SMALL_KERNEL = 15;

    private final FaceDetectorYN faces;
    private final CascadeClassifier cascade;

    public Anonymiser() {
        OpenCv.load();
        byte[] model;
        try (InputStream in = Anonymiser.class.getResourceAsStream("/models/face_detection_yunet_2023mar.onnx")) {
            if (in == null) {
                throw new IllegalStateException("models/face_detection_yunet_2023mar.onnx missing from the class path");
            }
            model = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cascade = new CascadeClassifier(resourceFile("/models/haarcascade_russian_plate_number.xml").toString());
        faces = FaceDetectorYN.create("onnx", new MatOfByte(model), new MatOfByte(), new Size(320, 320), FACE_SCORE, 0.3f, 5000);
    }

    /** A class-path resource as a file, for OpenCV calls that read only files; written once per JVM. */
    private static synchronized java.nio.file.Path resourceFile(String name) {
        try (InputStream in = Anonymiser.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the class path");
            }
            java.nio.file.Path file = java.nio.file.Files.createTempFile("signalement-", "-" + name.substring(name.lastIndexOf('/') + 1));
            file.toFile().deleteOnExit();
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Faces and plates found in {@code bgr}, as regions to blur (already enlarged by their margins). */
    public List<Box> detect(Mat bgr) {
        List<Box> found = new ArrayList<>(faces(bgr));
        found.addAll(plates(bgr));
        return found;
    }

    public List<Box> faces(Mat bgr) {
        double scale = Math.min(1.0, (double) FACE_EDGE / Math.max(bgr.cols(), bgr.rows()));
        Mat input = bgr;
        if (scale < 1.0) {
            input = new Mat();
            Imgproc.resize(bgr, input, new Size(Math.round(bgr.cols() * scale), Math.round(bgr.rows() * scale)), 0, 0, Imgproc.INTER_AREA);
        }
        Mat result = new Mat();
        try {
            faces.setInputSize(input.size());
            faces.detect(input, result);
            List<Box> boxes = new ArrayList<>();
            for (int i = 0; i < result.rows(); i++) {
                float[] r = new float[15];
                result.get(i, 0, r);
                // Enlarged: YuNet's box is tight around eyes-to-chin; hair and ears identify too.
                boxes.add(grow(r[0] / scale, r[1] / scale, r[2] / scale, r[3] / scale, 0.25, 0.35, FACE, bgr));
            }
            return boxes;
        } finally {
            result.release();
            if (input != bgr) {
                input.release();
            }
        }
    }

    /**
     * Plates: what makes a plate readable is also what finds it — a row of 4 to 10 dark marks of the
     * same height, character-shaped, evenly spaced, on a band brighter than they are. On a grey image
     * a black-hat transform (closing minus image) keeps what is darker than its surroundings and
     * narrower than the kernel: the characters (two kernel sizes cover plates from about 10 to 70 px
     * high); a threshold makes them marks (Otsu's level over the reduced photo; on the stored photo, each
     * pixel's surroundings: {@link #localInk}); long dark horizontal bars (a frame touching the
     * characters) are cut out of them; marks of character proportions are chained into rows
     * (similar height, same line, gap under one height); a row of at least 4 whose band is brighter
     * than its marks is a plate, with the marks just before and after it on its line ({@link #extended}).
     */
    public List<Box> plates(Mat bgr) {
        double scale = Math.min(1.0, (double) PLATE_EDGE / Math.max(bgr.cols(), bgr.rows()));
        Mat grey = new Mat();
        Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
        List<Rect> rows = new ArrayList<>();
        // Small plates first, on the photo as stored: reduced to 1024 px, a plate under ~120 px wide on a
        // 2048 px photo has characters too small or too blurred together to be marks (plates pasted into a
        // 2048 px street scene: 16/21 found without this pass, 21/21 with it). The small kernel only
        // (larger characters are found on the reduced photo too), and strict rows: leaves against the sky
        // make rows of dark marks on a bright band as well, and a large photo has many (false blur on the
        // negative 0.84 % without this pass, 2.45 % with loose rows, 1.25 % strict). On a photo of 1024 px
        // or less too, where it is the same photo as the large kernel's pass below, with another threshold:
        // the annotated photos sent as they are, 19/21 without it, 21/21 with it (bench/photos/upload.sh).
        for (Rect r : plateRows(grey, SMALL_KERNEL, true)) {
            rows.add(new Rect((int) Math.round(r.x * scale), (int) Math.round(r.y * scale),
                    (int) Math.max(1, Math.round(r.width * scale)), (int) Math.max(1, Math.round(r.height * scale))));
        }
        // The small kernel's loose rows only on the reduced photo: on a photo of 1024 px or less the strict
        // rows above have already searched the same image with the same kernel, and there the loose rows found
        // no annotated plate the other passes missed (63 of 63 at native size, ×0.75 and JPEG q70) while
        // making most of the false blur (curbs, rocks, a roof's edge: the negative sent at 1024×576).
        if (scale < 1.0) {
            Imgproc.resize(grey, grey, new Size(Math.round(bgr.cols() * scale), Math.round(bgr.rows() * scale)), 0, 0, Imgproc.INTER_AREA);
            rows.addAll(plateRows(grey, SMALL_KERNEL, false));
        }
        rows.addAll(plateRows(grey, 41, false));
        // And OpenCV's cascade trained on Russian plates (the EU shape): each finds plates the other misses.
        MatOfRect found = new MatOfRect();
        cascade.detectMultiScale(grey, found, 1.2, 3);
        rows.addAll(found.toList());
        found.release();
        grey.release();
        List<Box> boxes = new ArrayList<>();
        for (Rect r : merge(rows)) {
            // A quarter of the row's width on each side: a row often stops a character or two short of the
            // plate's ends (0.15 left a fifth of a 71 px plate sharp), and false blur, once the loose rows
            // above were kept to reduced photos, had room for it (bench/README.md, "Small photos").
            boxes.add(grow(r.x / scale, r.y / scale, r.width / scale, r.height / scale, 0.25, 0.45, PLATE, bgr));
        }
        return boxes;
    }

    /** A dark mark: bounding box and centre. */
    private record Mark(int x, int y, int w, int h, int characters) {
        double cy() {
            return y + h / 2.0;
        }
    }

    /**
     * @param strict a plate's characters as printed: heights within 18 % of each other, centres on one
     *               line within 15 % of a height, at least 5 (an EU plate has 7); otherwise 33 %, 30 % and 4,
     *               for characters blurred by a reduction or a shake
     */
    private static List<Rect> plateRows(Mat grey, int kernel, boolean strict) {
        double sameHeight = strict ? 1.18 : 1.33;
        double sameLine = strict ? 0.15 : 0.3;
        int fewest = strict ? 5 : 4;
        Mat blackhat = new Mat();
        Mat binary = new Mat();
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        List<Rect> out = new ArrayList<>();
        try {
            Mat k = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(kernel, kernel));
            Imgproc.morphologyEx(grey, blackhat, Imgproc.MORPH_BLACKHAT, k);
            k.release();
            if (strict) {
                localInk(blackhat, binary, kernel);
            } else {
                // Otsu's level separates the strongest dark marks; plates in shade are fainter: 0.7 of it.
                double otsu = Imgproc.threshold(blackhat, binary, 0, 255, Imgproc.THRESH_BINARY | Imgproc.THRESH_OTSU);
                Imgproc.threshold(blackhat, binary, Math.max(12, otsu * 0.7), 255, Imgproc.THRESH_BINARY);
            }
            if (kernel <= SMALL_KERNEL) {
                withoutBars(binary, kernel);
            }
            int n = Imgproc.connectedComponentsWithStats(binary, labels, stats, centroids, 8);
            int[] s = new int[5];
            List<Mark> marks = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                for (int c = 0; c < 5; c++) {
                    s[c] = (int) stats.get(i, c)[0];
                }
                int w = s[Imgproc.CC_STAT_WIDTH];
                int h = s[Imgproc.CC_STAT_HEIGHT];
                double fill = (double) s[Imgproc.CC_STAT_AREA] / (w * h);
                // Character-shaped: taller than wide (a 1 is thin, an M nearly square), not a solid block;
                // or a few characters run together (blur, low resolution), counted by their width.
                if (h >= 7 && h <= kernel * 1.6 && w * 8 >= h && fill > 0.15 && fill < 0.95) {
                    if (w <= h * 1.1) {
                        marks.add(new Mark(s[Imgproc.CC_STAT_LEFT], s[Imgproc.CC_STAT_TOP], w, h, 1));
                    } else if (w <= h * 4.5 && fill > 0.3) {
                        marks.add(new Mark(s[Imgproc.CC_STAT_LEFT], s[Imgproc.CC_STAT_TOP], w, h, (int) Math.round(w / (0.65 * h))));
                    }
                }
            }
            marks.sort(java.util.Comparator.comparingInt(Mark::x));
            boolean[] used = new boolean[marks.size()];
            for (int i = 0; i < marks.size(); i++) {
                if (used[i]) {
                    continue;
                }
                // Chain to the right: next mark of similar height, on the same line, within two heights
                // (EU plates have a gap, an emblem or a hyphen between their groups of characters).
                List<Mark> row = new ArrayList<>(List.of(marks.get(i)));
                Mark last = marks.get(i);
                for (int j = i + 1; j < marks.size(); j++) {
                    Mark m = marks.get(j);
                    if (m.x() > last.x() + last.w() + last.h() * 2.0) {
                        break;
                    }
                    double ratio = (double) m.h() / last.h();
                    if (!used[j] && ratio > 1 / sameHeight && ratio < sameHeight && Math.abs(m.cy() - last.cy()) < last.h() * sameLine
                            && m.x() >= last.x() + last.w() / 2) {
                        row.add(m);
                        used[j] = true;
                        last = m;
                    }
                }
                int characters = row.stream().mapToInt(Mark::characters).sum();
                if (characters >= fewest && characters <= 12) {
                    int x0 = row.get(0).x();
                    int y0 = row.stream().mapToInt(Mark::y).min().orElse(0);
                    int x1 = last.x() + last.w();
                    int y1 = row.stream().mapToInt(m -> m.y() + m.h()).max().orElse(0);
                    Rect r = new Rect(x0, y0, x1 - x0, y1 - y0);
                    if ((double) r.width / r.height >= 1.8 && brightBand(grey, binary, r)) {
                        out.add(extended(r, row, marks));
                    }
                }
            }
        } finally {
            blackhat.release();
            binary.release();
            labels.release();
            stats.release();
            centroids.release();
        }
        return out;
    }

    /**
     * A plate's row with its neighbours on the same line: marks just before its first or after its last
     * one (gap under two heights), of a height within a third of theirs and centred within a third of a
     * height. Strict rows stop at a character the frame or a shadow has made a little taller or lower,
     * and the plate's end was left sharp.
     */
    private static Rect extended(Rect r, List<Mark> row, List<Mark> marks) {
        Mark first = row.get(0);
        Mark last = row.get(row.size() - 1);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Mark m : marks) {
                if (row.contains(m)) {
                    continue;
                }
                boolean right = m.x() >= last.x() + last.w() / 2;
                if (!right && m.x() + m.w() > first.x() + first.w() / 2) {
                    continue; // neither after the row nor before it
                }
                Mark next = right ? last : first;
                double gap = right ? m.x() - (last.x() + last.w()) : first.x() - (m.x() + m.w());
                double ratio = (double) m.h() / next.h();
                if (gap <= next.h() * 2.0 && ratio > 0.75 && ratio < 1.33 && Math.abs(m.cy() - next.cy()) < next.h() * 0.33) {
                    row.add(m);
                    if (right) {
                        last = m;
                    } else {
                        first = m;
                    }
                    grew = true;
                }
            }
        }
        int x0 = Math.min(r.x, first.x());
        int x1 = Math.max(r.x + r.width, last.x() + last.w());
        int y0 = Math.min(r.y, row.stream().mapToInt(Mark::y).min().orElse(r.y));
        int y1 = Math.max(r.y + r.height, row.stream().mapToInt(m -> m.y() + m.h()).max().orElse(r.y + r.height));
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /**
     * Removes dark horizontal bars longer than 4 kernels (60 px at the small kernel, longer than any
     * character it finds: those are at most 24 px high and about as wide) from the marks. A plate's
     * dark frame, the edge of the bumper or the shadow under the plate often touches the characters;
     * then frame and characters are one mark, too large to be a character, and the plate is not found
     * (4 of the 21 annotated plates, uploaded rescaled, re-encoded or inside a larger photo, were missed
     * for this: test_061's frame touches its M and J, test_018's bumper its whole row). Without the
     * frame's top and bottom bars the characters stand apart again. The small kernel only: with the
     * large one too, cutting bars out of foliage against the sky made leaves into rows (false blur on
     * the negative 8.6 % with both kernels, 1.4 % with the small one, measured with bars of 3 kernels).
     */
    private static void withoutBars(Mat binary, int kernel) {
        Mat line = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(kernel * 4, 1));
        Mat bars = new Mat();
        try {
            Imgproc.morphologyEx(binary, bars, Imgproc.MORPH_OPEN, line);
            Core.subtract(binary, bars, binary);
        } finally {
            bars.release();
            line.release();
        }
    }

    /**
     * Ink by its surroundings rather than by the whole photo: a pixel is a mark where its black-hat is at
     * least 0.4 of the strongest black-hat within 3 × 1.5 kernels around it (a plate's characters are
     * the darkest things on their band) and at least 16 grey levels. Otsu's level over the whole photo
     * depends on everything else in it: the same car pasted into a 1600×1200 photo had its plate found
     * in the busy street of the negative and missed in a plain grey scene or the repository's street
     * photo (14–15 of 21 plates, 19 with this; all variants 213 → 222 of 231, false blur on the negative
     * 1.28 → 0.92 %; bench/README.md, "Plates whatever the rest of the photo"). For the strict pass on
     * the stored photo only: in the loose passes on the reduced photo it made foliage into rows (3.7 %).
     */
    private static void localInk(Mat blackhat, Mat binary, int kernel) {
        Mat strongest = new Mat();
        Mat window = Imgproc.getStructuringElement(Imgproc.MORPH_RECT, new Size(kernel * 3 | 1, kernel * 3 / 2 | 1));
        Mat floor = new Mat();
        try {
            Imgproc.dilate(blackhat, strongest, window);
            Core.multiply(strongest, new org.opencv.core.Scalar(0.4), strongest);
            Core.compare(blackhat, strongest, binary, Core.CMP_GE);
            Imgproc.threshold(blackhat, floor, 16, 255, Imgproc.THRESH_BINARY);
            Core.bitwise_and(binary, floor, binary);
        } finally {
            strongest.release();
            window.release();
            floor.release();
        }
    }

    /** Whether the band around the row (the plate's background) is clearly brighter than its marks. */
    private static boolean brightBand(Mat grey, Mat binary, Rect r) {
        Rect around = clip(new Rect(r.x - r.height / 4, r.y - r.height / 6, r.width + r.height / 2, r.height * 4 / 3), grey);
        Mat region = grey.submat(around);
        Mat marks = binary.submat(around);
        Mat background = new Mat();
        try {
            Core.bitwise_not(marks, background);
            double band = Core.mean(region, background).val[0];
            double ink = Core.mean(region, marks).val[0];
            return band - ink >= 25;
        } finally {
            region.release();
            marks.release();
            background.release();
        }
    }

    private static List<Rect> merge(List<Rect> rects) {
        List<Rect> out = new ArrayList<>();
        for (Rect r : rects) {
            boolean merged = false;
            for (int i = 0; i < out.size(); i++) {
                Rect o = out.get(i);
                if (intersects(o, r)) {
                    int x = Math.min(o.x, r.x);
                    int y = Math.min(o.y, r.y);
                    out.set(i, new Rect(x, y, Math.max(o.x + o.width, r.x + r.width) - x, Math.max(o.y + o.height, r.y + r.height) - y));
                    merged = true;
                    break;
                }
            }
            if (!merged) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean intersects(Rect a, Rect b) {
        return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    }

    private static Box grow(double x, double y, double w, double h, double mx, double my, String source, Mat image) {
        Rect r = clip(new Rect((int) Math.floor(x - w * mx), (int) Math.floor(y - h * my),
                (int) Math.ceil(w * (1 + 2 * mx)), (int) Math.ceil(h * (1 + 2 * my))), image);
        return new Box(r.x, r.y, r.width, r.height, source);
    }

    static Rect clip(Rect r, Mat image) {
        int x = Math.max(0, Math.min(r.x, image.cols() - 1));
        int y = Math.max(0, Math.min(r.y, image.rows() - 1));
        int w = Math.max(1, Math.min(r.x + r.width, image.cols()) - x);
        int h = Math.max(1, Math.min(r.y + r.height, image.rows()) - y);
        return new Rect(x, y, w, h);
    }

    /**
     * Blurs the boxes irreversibly, in place: each is averaged down to a coarse mosaic (at most 6
     * cells across its short side, so no feature survives) and the mosaic is smoothed; the
     * original pixels are gone from the result, a deconvolution has nothing to work from.
     */
    public static void blur(Mat bgr, List<Box> boxes) {
        for (Box b : boxes) {
            Rect r = clip(b.rect(), bgr);
            if (r.width < 2 || r.height < 2) {
                continue;
            }
            Mat region = bgr.submat(r);
            Mat small = new Mat();
            Mat big = new Mat();
            try {
                double cell = Math.max(2, Math.min(r.width, r.height) / 6.0);
                Imgproc.resize(region, small, new Size(Math.max(1, Math.round(r.width / cell)), Math.max(1, Math.round(r.height / cell))),
                        0, 0, Imgproc.INTER_AREA);
                Imgproc.resize(small, big, r.size(), 0, 0, Imgproc.INTER_LINEAR);
                int k = ((int) cell) | 1;
                Imgproc.GaussianBlur(big, big, new Size(k, k), 0);
                big.copyTo(region);
            } finally {
                region.release();
                small.release();
                big.release();
            }
        }
    }
}
