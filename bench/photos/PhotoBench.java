import fr.signalement.photo.Anonymiser;
import fr.signalement.photo.ImageHeader;
import fr.signalement.photo.OpenCv;
import fr.signalement.photo.Pixels;
import fr.signalement.photo.ProcessedPhoto;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Photo bench (see bench/README.md): runs the backend's own photo classes on real files, next to
 * libjpeg-turbo's command-line tools in the same run. Single-file program, launched by bench/photos/run.sh.
 */
public class PhotoBench {
    static final int MAX_EDGE = 2048;
    static final int THUMB_EDGE = 320;
    static final int ROUNDS = 20;

    public static void main(String[] args) throws Exception {
        String phase = args[0];
        Path photos = Path.of(arg(args, "--photos", "../shared/data/photos"));
        Path out = Path.of(arg(args, "--out", "bench/out"));
        OpenCv.load();
        Files.createDirectories(out);
        switch (phase) {
            case "pipeline" -> pipeline(photos, out);
            case "flood" -> flood(photos, out, arg(args, "--base", "http://127.0.0.1:8080"),
                    arg(args, "--jdbc", "jdbc:postgresql://127.0.0.1:5432/signalement_photobench?user=postgres"),
                    Integer.parseInt(arg(args, "--seconds", "10")), Integer.parseInt(arg(args, "--rounds", "3")),
                    "hammer".equals(arg(args, "--clients", "polite")), Integer.parseInt(arg(args, "--photo-clients", "8")));
            case "anonymise" -> anonymise(photos, out, Path.of(arg(args, "--haar", photos.resolveSibling("models/haarcascades").toString())));
            case "variants" -> variants(photos, out, arg(args, "--variants", "all"));
            default -> throw new IllegalArgumentException(phase);
        }
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The two inputs: a 1600 px JPEG as the citizen app sends it, and a 4000×3000 camera-size JPEG. */
    static List<Path> inputs(Path photos, Path out) {
        Path street = Path.of("backend/src/test/resources/photos/street.jpg");
        Path negative = photos.resolve("negatives/DSC00497.JPG");
        Path pwa = out.resolve("photo-1600.jpg");
        Path big = out.resolve("photo-4000x3000.jpg");
        // The street photo (1200x800, EXIF orientation 6) at 1600 px, quality 82 as the PWA sends it.
        make(street, pwa, 1600, 1067, 82);
        // A real 3840x2160 street scene (if ../shared/data is there) at 4000x3000, quality 92 as a camera writes it.
        make(Files.exists(negative) ? negative : street, big, 4000, 3000, 92);
        return List.of(pwa, big);
    }

    static void make(Path from, Path to, int w, int h, int quality) {
        Mat src = Imgcodecs.imread(from.toString(), Imgcodecs.IMREAD_COLOR | Imgcodecs.IMREAD_IGNORE_ORIENTATION);
        Mat dst = new Mat();
        Imgproc.resize(src, dst, new Size(w, h), 0, 0, Imgproc.INTER_CUBIC);
        Imgcodecs.imwrite(to.toString(), dst, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
    }

    static void pipeline(Path photos, Path out) throws Exception {
        StringBuilder md = new StringBuilder("""
                | photo | Signalement: CPU ms / wall ms (median) | djpeg + cjpeg: CPU ms / wall ms (median) | ratio on CPU (≥ 1: we are faster) | ratio on wall |
                |---|---|---|---|---|
                """);
        for (Path in : inputs(photos, out)) {
            byte[] data = Files.readAllBytes(in);
            ImageHeader header = ImageHeader.read(data);
            // libjpeg-turbo's djpeg scales by M/8: the largest output within 2048 px, and for the thumbnail the
            // smallest one of at least 320 px (then no further scaling: the tools cannot).
            int edge = Math.max(header.width(), header.height());
            int full = Math.min(8, 8 * MAX_EDGE / edge);
            int thumb = (int) Math.ceil(8.0 * THUMB_EDGE / edge);
            for (int i = 0; i < 3; i++) { // warm-up of both sides
                ours(data);
                cli(in, full, thumb, out);
            }
            double[] wallOurs = new double[ROUNDS];
            double[] wallCli = new double[ROUNDS];
            double cpuOurs = 0;
            double cpuCli = 0;
            for (int i = 0; i < ROUNDS; i++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                wallOurs[i] = ours(data);
                cpuOurs += (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                double k0 = childrenCpuMillis();
                wallCli[i] = cli(in, full, thumb, out);
                cpuCli += childrenCpuMillis() - k0;
            }
            cpuOurs /= ROUNDS;
            cpuCli /= ROUNDS;
            double ma = median(wallOurs);
            double mb = median(wallCli);
            ProcessedPhoto p = Pixels.process(data, ImageHeader.read(data), MAX_EDGE, THUMB_EDGE);
            String line = String.format(Locale.ROOT,
                    "| %s %d×%d (%d KB) → %d×%d + thumbnail | %.1f / %.1f | %.1f / %.1f (djpeg -scale %d/8 and %d/8) | **%.2f** | %.2f |",
                    in.getFileName(), header.width(), header.height(), data.length / 1024, p.width(), p.height(),
                    cpuOurs, ma, cpuCli, mb, full, thumb, cpuCli / cpuOurs, mb / ma);
            System.out.println(line);
            md.append(line).append('\n');
        }
        md.append("\n").append(ROUNDS).append(" rounds per photo, alternating, after 3 warm-up rounds; ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, load average ")
                .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]).append(" at the end.\n");
        Files.writeString(out.resolve("photos-pipeline.md"), md);
    }

    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * CPU time of this process's finished children (utime + stime of reaped children, /proc/self/stat
     * fields 16 and 17, in clock ticks of 10 ms): on a shared, loaded machine wall time mostly measures
     * the neighbours, CPU time measures the work.
     */
    static double childrenCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 is index 0: cutime is field 16, cstime field 17.
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) * 10.0;
    }

    /** The intake's pixel work, exactly as PhotoProcessor runs it on a photo worker (header read included). */
    static double ours(byte[] data) {
        long t = System.nanoTime();
        ProcessedPhoto p = Pixels.process(data, ImageHeader.read(data), MAX_EDGE, THUMB_EDGE);
        if (p == null || p.jpeg().length == 0) {
            throw new IllegalStateException("not decoded");
        }
        return (System.nanoTime() - t) / 1e6;
    }

    /** The same work with the command-line tools, process start-ups included (as a separate worker would). */
    static double cli(Path in, int full, int thumb, Path out) throws IOException, InterruptedException {
        long t = System.nanoTime();
        run(List.of(new ProcessBuilder("djpeg", "-scale", full + "/8", in.toString()),
                new ProcessBuilder("cjpeg", "-quality", "85").redirectOutput(out.resolve("cli-full.jpg").toFile())));
        run(List.of(new ProcessBuilder("djpeg", "-scale", thumb + "/8", in.toString()),
                new ProcessBuilder("cjpeg", "-quality", "80").redirectOutput(out.resolve("cli-thumb.jpg").toFile())));
        return (System.nanoTime() - t) / 1e6;
    }

    static void run(List<ProcessBuilder> pipeline) throws IOException, InterruptedException {
        for (Process p : ProcessBuilder.startPipeline(pipeline)) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("exit " + p.exitValue());
            }
        }
    }

    /** An annotated region of a test photo. */
    record Truth(String file, Rect box, String kind) {
    }

    static List<Truth> truths(Path photos) throws IOException {
        List<Truth> t = new ArrayList<>();
        try (var files = Files.list(photos.resolve("plates"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("test_.*\\.txt")).sorted().toList()) {
                String[] c = Files.readString(f).trim().split("\t");
                t.add(new Truth("plates/" + c[0], new Rect(Integer.parseInt(c[1]), Integer.parseInt(c[2]),
                        Integer.parseInt(c[3]), Integer.parseInt(c[4])), Anonymiser.PLATE));
            }
        }
        String xml = Files.readString(photos.resolve("faces/training.xml"));
        var image = java.util.regex.Pattern.compile("<image file='([^']+)'[^>]*>(.*?)</image>", java.util.regex.Pattern.DOTALL).matcher(xml);
        var box = java.util.regex.Pattern.compile("<box top='(\\d+)' left='(\\d+)' width='(\\d+)' height='(\\d+)'/>");
        while (image.find()) {
            var b = box.matcher(image.group(2));
            while (b.find()) {
                t.add(new Truth("faces/" + image.group(1), new Rect(Integer.parseInt(b.group(2)), Integer.parseInt(b.group(1)),
                        Integer.parseInt(b.group(3)), Integer.parseInt(b.group(4))), Anonymiser.FACE));
            }
        }
        return t;
    }

    /** Share of {@code r} inside the union of {@code boxes}. */
    static double covered(Rect r, List<Anonymiser.Box> boxes, Size size) {
        Mat mask = Mat.zeros(size, org.opencv.core.CvType.CV_8UC1);
        for (Anonymiser.Box b : boxes) {
            Imgproc.rectangle(mask, new Rect(b.x(), b.y(), b.w(), b.h()), new org.opencv.core.Scalar(255), -1);
        }
        Rect c = new Rect(Math.max(0, r.x), Math.max(0, r.y), Math.min(r.width, (int) size.width - Math.max(0, r.x)),
                Math.min(r.height, (int) size.height - Math.max(0, r.y)));
        double share = org.opencv.core.Core.countNonZero(mask.submat(c)) / (double) (r.width * r.height);
        mask.release();
        return share;
    }

    static double blurredShare(List<Anonymiser.Box> boxes, Size size) {
        return covered(new Rect(0, 0, (int) size.width, (int) size.height), boxes, size);
    }

    /** Detection as the product runs it on the stored photo: decoded by Pixels (≤ 2048 px), upright. */
    static Mat stored(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        return Pixels.decode(data, ImageHeader.read(data), MAX_EDGE);
    }

    static void anonymise(Path photos, Path out, Path haar) throws Exception {
        Anonymiser anonymiser = new Anonymiser();
        org.opencv.objdetect.CascadeClassifier cascade = new org.opencv.objdetect.CascadeClassifier(
                haar.resolve("haarcascade_russian_plate_number.xml").toString());
        List<Truth> truths = truths(photos);
        StringBuilder md = new StringBuilder("""
                | photo | annotated | found by us (≥ 80 % of its area blurred) | ms (detect) | Haar baseline |
                |---|---|---|---|---|
                """);
        int[] faces40 = new int[2];
        int[] facesAll = new int[2];
        int[] plates = new int[2];
        int[] haarPlates = new int[2];
        for (String file : truths.stream().map(Truth::file).distinct().toList()) {
            Mat image = stored(photos.resolve(file));
            long t = System.nanoTime();
            List<Anonymiser.Box> boxes = anonymiser.detect(image);
            double ms = (System.nanoTime() - t) / 1e6;
            List<Anonymiser.Box> haarBoxes = haar(cascade, image);
            StringBuilder found = new StringBuilder();
            StringBuilder base = new StringBuilder();
            int n = 0;
            for (Truth truth : truths.stream().filter(x -> x.file().equals(file)).toList()) {
                n++;
                double share = covered(truth.box(), boxes, image.size());
                boolean hit = share >= 0.8;
                if (truth.kind().equals(Anonymiser.PLATE)) {
                    plates[0]++;
                    plates[1] += hit ? 1 : 0;
                    boolean h = covered(truth.box(), haarBoxes, image.size()) >= 0.8;
                    haarPlates[0]++;
                    haarPlates[1] += h ? 1 : 0;
                    base.append(h ? "yes" : "no");
                } else {
                    facesAll[0]++;
                    facesAll[1] += hit ? 1 : 0;
                    if (truth.box().width >= 40) {
                        faces40[0]++;
                        faces40[1] += hit ? 1 : 0;
                    }
                }
                found.append(hit ? "✓" : "✗").append(String.format(Locale.ROOT, "%s %dpx %.0f%%; ",
                        truth.kind(), truth.box().width, 100 * share));
            }
            String line = String.format(Locale.ROOT, "| %s %dx%d | %d | %s%d box(es) blurred | %.0f | %s |", file, image.cols(), image.rows(),
                    n, found, boxes.size(), ms, base.isEmpty() ? "" : "plate " + base);
            System.out.println(line);
            md.append(line).append('\n');
            image.release();
        }
        // The negative: share of its area blurred, and the whole photo work timed on it and on a 4000x3000 JPEG.
        Path negative = photos.resolve("negatives/DSC00497.JPG");
        Mat neg = stored(negative);
        List<Anonymiser.Box> negBoxes = anonymiser.detect(neg);
        double falseBlur = blurredShare(negBoxes, neg.size());
        double haarFalse = blurredShare(haar(cascade, neg), neg.size());
        neg.release();
        md.append(String.format(Locale.ROOT, "%n**Recall**: faces ≥ 40 px %d/%d = **%.2f** (all faces %d/%d = %.2f); plates %d/%d = **%.2f** "
                        + "(Haar cascade baseline %d/%d = %.2f). **False blur on the negative** (%s): **%.2f %%** of its area (%d boxes; Haar: %.2f %%).%n",
                faces40[1], faces40[0], faces40[1] / (double) faces40[0], facesAll[1], facesAll[0], facesAll[1] / (double) facesAll[0],
                plates[1], plates[0], plates[1] / (double) plates[0], haarPlates[1], haarPlates[0], haarPlates[1] / (double) haarPlates[0],
                negative.getFileName(), 100 * falseBlur, negBoxes.size(), 100 * haarFalse));
        md.append("\n| whole photo work (decode + detect + blur + encode, photo and public version) | CPU ms | wall ms (median of 7) |\n|---|---|---|\n");
        for (Path in : List.of(negative, inputs(photos, out).get(1))) {
            byte[] data = Files.readAllBytes(in);
            double[] wall = new double[7];
            double cpu = 0;
            for (int i = -2; i < wall.length; i++) {
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                // Intake: decode reduced, upright, encode photo + thumbnail (what is stored, staff-only).
                ProcessedPhoto original = Pixels.process(data, ImageHeader.read(data), MAX_EDGE, THUMB_EDGE);
                // Anonymisation, as photo/PhotoAnonymisation runs it: decode the stored photo, detect, blur, encode.
                Mat image = Pixels.decode(original.jpeg(), ImageHeader.read(original.jpeg()), MAX_EDGE);
                Anonymiser.blur(image, anonymiser.detect(image));
                Pixels.encode(image, THUMB_EDGE);
                image.release();
                if (i >= 0) {
                    wall[i] = (System.nanoTime() - t0) / 1e6;
                    cpu += (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
                }
            }
            ImageHeader h = ImageHeader.read(data);
            String line = String.format(Locale.ROOT, "| %s %d×%d | **%.0f** | %.0f |", in.getFileName(), h.width(), h.height(), cpu / wall.length, median(wall));
            System.out.println(line);
            md.append(line).append('\n');
        }
        System.out.println(md.substring(md.indexOf("**Recall")));
        Files.writeString(out.resolve("photos-anonymise.md"), md);
    }

    /**
     * One way an annotated photo may reach us: the upload's pixels made from the annotated photo, with
     * the scale and offset that move its annotations, and the JPEG quality the uploader wrote it at.
     */
    record Variant(String name, int quality, java.util.function.Function<Mat, Placed> make) {
    }

    /** An upload's pixels; an annotation (x, y) is at (x * scale + dx, y * scale + dy) in them. */
    record Placed(Mat image, double scale, int dx, int dy) {
    }

    static Mat scaled(Mat src, double f) {
        Mat dst = new Mat();
        Imgproc.resize(src, dst, new Size(Math.round(src.cols() * f), Math.round(src.rows() * f)), 0, 0,
                f < 1 ? Imgproc.INTER_AREA : Imgproc.INTER_CUBIC);
        return dst;
    }

    /** {@code src} pasted at 3/8 of a copy of {@code scene} (the same place as bench/photos/embed.sh), or less if it would not fit. */
    static Placed pasted(Mat scene, Mat src) {
        Mat dst = scene.clone();
        int x = Math.min(dst.cols() * 3 / 8, dst.cols() - src.cols());
        int y = Math.min(dst.rows() * 3 / 8, dst.rows() - src.rows());
        src.copyTo(dst.submat(new Rect(x, y, src.cols(), src.rows())));
        return new Placed(dst, 1, x, y);
    }

    /**
     * Variants of the annotated set, to measure how the detector does on photos it was not written
     * against: rescaled, re-encoded harder, pasted small into a larger street scene (as a phone takes a
     * car in the street). Each goes through the product's own path, as an upload does: the upload's JPEG
     * (quality 92 unless said), the intake ({@code Pixels.process}: decode reduced, ≤ 2048 px, re-encode
     * at 85), then the anonymiser's decode of the stored photo ({@code Pixels.decode}) and detection.
     */
    static List<Variant> variants(Path photos) {
        Mat negative = Imgcodecs.imread(photos.resolve("negatives/DSC00497.JPG").toString());
        Mat street;
        try {
            byte[] data = Files.readAllBytes(Path.of("backend/src/test/resources/photos/street.jpg"));
            street = Pixels.decode(data, ImageHeader.read(data), MAX_EDGE); // upright (EXIF 6): 800×1200
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Mat s1600 = new Mat();
        Mat s2048 = new Mat();
        Mat s4000 = new Mat();
        Imgproc.resize(negative, s1600, new Size(1600, 1200), 0, 0, Imgproc.INTER_AREA);
        Imgproc.resize(negative, s2048, new Size(2048, 1536), 0, 0, Imgproc.INTER_AREA);
        Imgproc.resize(negative, s4000, new Size(4000, 3000), 0, 0, Imgproc.INTER_CUBIC);
        // The citizen app's largest photo in two other scenes: the detector must not depend on the rest of
        // the picture (its thresholds were once the whole photo's, and the negative's busy street suited them).
        Mat street1600 = new Mat();
        Imgproc.resize(street, street1600, new Size(1600, 1200), 0, 0, Imgproc.INTER_CUBIC);
        Mat grey1600 = new Mat(1200, 1600, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(128, 128, 128));
        return List.of(
                new Variant("native", 92, m -> new Placed(m.clone(), 1, 0, 0)),
                new Variant("×0.75", 92, m -> new Placed(scaled(m, 0.75), 0.75, 0, 0)),
                new Variant("×1.5", 92, m -> new Placed(scaled(m, 1.5), 1.5, 0, 0)),
                new Variant("×2", 92, m -> new Placed(scaled(m, 2), 2, 0, 0)),
                new Variant("JPEG q70", 70, m -> new Placed(m.clone(), 1, 0, 0)),
                new Variant("in 1600×1200", 92, m -> pasted(s1600, m)),
                new Variant("in 2048×1536", 92, m -> pasted(s2048, m)),
                new Variant("in the repository's street photo 800×1200", 92, m -> pasted(street, m)),
                new Variant("in the street photo at 1600×1200", 92, m -> pasted(street1600, m)),
                new Variant("in a plain grey 1600×1200", 92, m -> pasted(grey1600, m)),
                new Variant("×2 in 4000×3000 (stored at 2000×1500)", 92, m -> {
                    Mat big = scaled(m, 2);
                    Placed p = pasted(s4000, big);
                    big.release();
                    return new Placed(p.image(), 2, p.dx(), p.dy());
                }));
    }

    /** What the product stores and then anonymises for an upload of {@code upload}'s bytes. */
    static Mat throughIntake(byte[] upload) {
        ProcessedPhoto stored = Pixels.process(upload, ImageHeader.read(upload), MAX_EDGE, THUMB_EDGE);
        return Pixels.decode(stored.jpeg(), ImageHeader.read(stored.jpeg()), MAX_EDGE);
    }

    static byte[] jpeg(Mat image, int quality) {
        org.opencv.core.MatOfByte buf = new org.opencv.core.MatOfByte();
        Imgcodecs.imencode(".jpg", image, buf, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality));
        return buf.toArray();
    }

    static void variants(Path photos, Path out, String only) throws Exception {
        Anonymiser anonymiser = new Anonymiser();
        List<Truth> truths = truths(photos);
        StringBuilder md = new StringBuilder("""
                | variant (through the intake) | plates found | faces ≥ 40 px | plates missed (share of the box blurred) |
                |---|---|---|---|
                """);
        int[] total = new int[2];
        for (Variant v : variants(photos)) {
            if (!only.equals("all") && !List.of(only.split(",")).contains(v.name())) {
                continue;
            }
            int[] plates = new int[2];
            int[] faces = new int[2];
            StringBuilder missed = new StringBuilder();
            for (String file : truths.stream().map(Truth::file).distinct().toList()) {
                Mat src = Imgcodecs.imread(photos.resolve(file).toString());
                Placed p = v.make().apply(src);
                Mat image = throughIntake(jpeg(p.image(), v.quality()));
                double f = image.cols() / (double) p.image().cols(); // the intake's own reduction, if any
                List<Anonymiser.Box> boxes = anonymiser.detect(image);
                for (Truth t : truths.stream().filter(t -> t.file().equals(file)).toList()) {
                    Rect b = t.box();
                    Rect moved = new Rect((int) Math.round((b.x * p.scale() + p.dx()) * f), (int) Math.round((b.y * p.scale() + p.dy()) * f),
                            (int) Math.round(b.width * p.scale() * f), (int) Math.round(b.height * p.scale() * f));
                    double share = covered(moved, boxes, image.size());
                    boolean hit = share >= 0.8;
                    if (t.kind().equals(Anonymiser.PLATE)) {
                        plates[0]++;
                        plates[1] += hit ? 1 : 0;
                        if (!hit) {
                            missed.append(String.format(Locale.ROOT, "%s %dpx %.0f%%, ", Path.of(file).getFileName(), moved.width, 100 * share));
                        }
                    } else if (b.width >= 40) {
                        faces[0]++;
                        faces[1] += hit ? 1 : 0;
                    }
                }
                src.release();
                p.image().release();
                image.release();
            }
            total[0] += plates[0];
            total[1] += plates[1];
            String line = String.format(Locale.ROOT, "| %s | %d/%d | %d/%d | %s |", v.name(), plates[1], plates[0], faces[1], faces[0],
                    missed.isEmpty() ? "—" : missed.substring(0, missed.length() - 2));
            System.out.println(line);
            md.append(line).append('\n');
        }
        md.append(String.format(Locale.ROOT, "%nAll variants: plates %d/%d = **%.3f**.%n", total[1], total[0], total[1] / (double) total[0]));
        // False blur: the negative as uploaded, and the same scene as a 4000×3000 camera JPEG, both through the intake.
        Mat negative = Imgcodecs.imread(photos.resolve("negatives/DSC00497.JPG").toString());
        Mat camera = new Mat();
        Imgproc.resize(negative, camera, new Size(4000, 3000), 0, 0, Imgproc.INTER_CUBIC);
        Mat small = new Mat();
        Imgproc.resize(negative, small, new Size(1024, 576), 0, 0, Imgproc.INTER_AREA);
        for (var e : java.util.Map.of("DSC00497.JPG 3840×2160", Files.readAllBytes(photos.resolve("negatives/DSC00497.JPG")),
                "the same at 4000×3000, q92", jpeg(camera, 92), "the same at 1024×576, q92", jpeg(small, 92)).entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).toList()) {
            Mat image = throughIntake(e.getValue());
            List<Anonymiser.Box> boxes = anonymiser.detect(image);
            md.append(String.format(Locale.ROOT, "False blur on the negative (%s, stored %dx%d): **%.2f %%** (%d boxes).%n", e.getKey(),
                    image.cols(), image.rows(), 100 * blurredShare(boxes, image.size()), boxes.size()));
            image.release();
        }
        System.out.println(md);
        Files.writeString(out.resolve("photos-variants.md"), md);
    }

    static List<Anonymiser.Box> haar(org.opencv.objdetect.CascadeClassifier cascade, Mat image) {
        Mat grey = new Mat();
        Imgproc.cvtColor(image, grey, Imgproc.COLOR_BGR2GRAY);
        org.opencv.core.MatOfRect found = new org.opencv.core.MatOfRect();
        cascade.detectMultiScale(grey, found, 1.1, 3);
        List<Anonymiser.Box> boxes = new ArrayList<>();
        for (Rect r : found.toArray()) {
            // The same margins as our plate boxes.
            boxes.add(new Anonymiser.Box((int) (r.x - 0.12 * r.width), (int) (r.y - 0.3 * r.height), (int) (r.width * 1.24),
                    (int) (r.height * 1.6), Anonymiser.PLATE));
        }
        grey.release();
        return boxes;
    }

    /** Counts of one load: answers by status class, and latencies of the successful ones. */
    static final class Tally {
        final java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger other = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.ConcurrentLinkedQueue<Double> ms = new java.util.concurrent.ConcurrentLinkedQueue<>();

        double p(double q) {
            double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length == 0 ? Double.NaN : v[Math.min(v.length - 1, (int) (q * v.length))];
        }
    }

    /**
     * Reports without photo from 2 clients, alone, then the same while 8 clients send 4000×3000
     * photos as fast as they are answered (503s included), in alternating slices of {@code seconds}
     * ({@code rounds} of each), so that both sides see the same background load on a shared machine;
     * the rates pool each side's slices. Before the first slice, a warm-up runs both kinds of report
     * (the JIT compiles the photo path too: a fresh JVM's compiler threads took half a core for the
     * first minute, in both phases). After each flood slice, the anonymisation its photos queued is
     * waited for, so that an "alone" slice is alone. Reports go to random points of central Paris so
     * most open their own alert. The photo clients have an HTTP client of their own: they stand for
     * other people than the reporters without photo (sharing one client's connection thread, the
     * flood's 3 MB bodies held up the small reports in the bench itself).
     */
    static void flood(Path photos, Path out, String base, String jdbc, int seconds, int rounds, boolean hammer, int photoClients) throws Exception {
        byte[] big = Files.readAllBytes(inputs(photos, out).get(1));
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpClient photoHttp = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.util.Random rnd = new java.util.Random(14);
        java.util.function.Supplier<String> json = () -> String.format(Locale.ROOT,
                "{\"categoryCode\":\"autres-objets-encombrants-abandonnes\",\"lat\":%.6f,\"lon\":%.6f,\"description\":\"Banc\"}",
                48.845 + rnd.nextDouble() * 0.03, 2.30 + rnd.nextDouble() * 0.06);
        // Warm-up, not recorded: both kinds of report, then the queue drained.
        Thread warmPhotos = new Thread(() -> run(photoHttp, base, json, big, 2, 20, new Tally(), false));
        warmPhotos.start();
        run(http, base, json, null, 2, 20, new Tally(), false);
        warmPhotos.join();
        drainAnonymisation(jdbc);
        Tally alone = new Tally();
        Tally during = new Tally();
        Tally flood = new Tally();
        List<String> slices = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            int before = alone.ok.get();
            run(http, base, json, null, 2, seconds, alone, false);
            int a = alone.ok.get() - before;
            Thread photosThread = new Thread(() -> run(photoHttp, base, json, big, photoClients, seconds + 3, flood, hammer));
            photosThread.start();
            Thread.sleep(2000); // the flood under way
            before = during.ok.get();
            run(http, base, json, null, 2, seconds, during, false);
            int d = during.ok.get() - before;
            photosThread.join();
            slices.add(String.format(Locale.ROOT, "%.2f", d / (double) Math.max(1, a)));
            drainAnonymisation(jdbc);
        }
        int total = seconds * rounds;
        String md = String.format(Locale.ROOT, """
                | load | reports without photo / s (p50, p99 ms) | photo reports: 201 / 503 / other (p50 ms of the 201s) |
                |---|---|---|
                | no photos | %.1f (%.0f, %.0f) | — |
                | %d clients sending 4000×3000 JPEGs (%d KB) | %.1f (%.0f, %.0f) | %d / %d / %d (%.0f) |

                Ratio of the rate without photo during the flood to the rate alone: **%.2f** (slices %s). %d × %d s per
                phase, alternating, after a warm-up; 2 clients without photo; photo clients %s.
                """, alone.ok.get() / (double) total, alone.p(0.5), alone.p(0.99), photoClients, big.length / 1024,
                during.ok.get() / (double) total, during.p(0.5), during.p(0.99), flood.ok.get(), flood.refused.get(), flood.other.get(),
                flood.p(0.5), during.ok.get() / (double) Math.max(1, alone.ok.get()), String.join(", ", slices), rounds, seconds,
                hammer ? "ignoring Retry-After (back after 200 ms)" : "waiting the Retry-After they are given, as the citizen app does");
        System.out.println(md);
        Files.writeString(out.resolve("photos-flood.md"), md);
    }

    /**
     * Waits (at most 5 minutes) until the anonymisation queue is empty, then updates the planner's
     * statistics, as autovacuum does in production: a CI machine's PostgreSQL may run without it
     * (autovacuum = off), and without statistics the merge lookup of a growing alert table goes by the
     * category's index instead of the position's, each slice slower than the one before (7.9 ms a
     * lookup at 4,000 alerts of one category).
     */
    static void drainAnonymisation(String jdbc) throws Exception {
        long end = System.nanoTime() + java.time.Duration.ofMinutes(5).toNanos();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM photo_anonymisation WHERE attempts < 5")) {
            while (System.nanoTime() < end) {
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("ANALYZE");
            }
        }
    }

    static void run(java.net.http.HttpClient http, String base, java.util.function.Supplier<String> json, byte[] photo,
                    int clients, int seconds, Tally tally, boolean hammer) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    String boundary = "bench" + System.nanoTime();
                    // The photo's bytes are sent as they are, between the parts' headers (no copy per request).
                    List<byte[]> body = new ArrayList<>();
                    String report;
                    synchronized (json) {
                        report = json.get();
                    }
                    body.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\nContent-Type: application/json\r\n\r\n"
                            + report + "\r\n").getBytes());
                    if (photo != null) {
                        body.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes());
                        body.add(photo);
                        body.add("\r\n".getBytes());
                    }
                    body.add(("--" + boundary + "--\r\n").getBytes());
                    long t0 = System.nanoTime();
                    try {
                        var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/reports"))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(java.net.http.HttpRequest.BodyPublishers.concat(body.stream()
                                        .map(java.net.http.HttpRequest.BodyPublishers::ofByteArray)
                                        .toArray(java.net.http.HttpRequest.BodyPublisher[]::new))).build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                        if (resp.statusCode() == 201) {
                            tally.ok.incrementAndGet();
                            tally.ms.add((System.nanoTime() - t0) / 1e6);
                        } else if (resp.statusCode() == 503) {
                            tally.refused.incrementAndGet();
                            try {
                                // The citizen app waits the Retry-After it is given; a hammer (the flood's
                                // --clients hammer) stands for a client that ignores it and comes back at once.
                                long waitMs = hammer ? 200 : resp.headers().firstValue("Retry-After")
                                        .map(v -> Long.parseLong(v.trim()) * 1000).orElse(1000L);
                                Thread.sleep(Math.max(0, Math.min(waitMs, end / 1_000_000 - System.nanoTime() / 1_000_000)));
                            } catch (InterruptedException e) {
                                return;
                            }
                        } else {
                            tally.other.incrementAndGet();
                        }
                    } catch (Exception e) {
                        tally.other.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
