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

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
