package fr.signalement.photo;

import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pixel pipeline without the application: headers, DCT-scaled decode through libjpeg-turbo, PNG and WebP. */
class PixelsTest {
    @Test
    void headersGiveTypeSizeAndOrientationWithoutDecoding() throws IOException {
        ImageHeader jpeg = ImageHeader.read(PhotoUploadTest.fixture("street.jpg"));
        assertEquals(new ImageHeader(ImageHeader.Type.JPEG, 1200, 800, 6), jpeg);
        ImageHeader webp = ImageHeader.read(PhotoUploadTest.fixture("street.webp"));
        assertEquals(ImageHeader.Type.WEBP, webp.type());
        assertTrue(webp.width() > 0 && webp.height() > 0);
        assertEquals(new ImageHeader(ImageHeader.Type.PNG, 7000, 7000, 1), ImageHeader.read(DecodeSlotsTest.png(7000, 7000)));
        // Truncated or foreign bytes: no header, no exception.
        assertEquals(null, ImageHeader.read(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 40}));
        assertEquals(null, ImageHeader.read("GIF89a".getBytes()));
    }

    @Test
    void libjpegTurboDecodesReducedAndUprightLikeOpenCvItself() throws IOException {
        // The packaged backend relies on the system's libjpeg-turbo for speed: it must load here (and in CI).
        assertTrue(TurboJpeg.available(), "libturbojpeg0 is installed (scripts/lib.sh installs it)");
        byte[] data = PhotoUploadTest.fixture("street.jpg");
        ImageHeader header = ImageHeader.read(data);
        // 1200 px / 2 = 600 >= 0.7 x 600 (and / 4 = 300 is not): decoded at half size in the DCT domain.
        Mat ours = Pixels.decode(data, header, 600);
        assertEquals(600, ours.rows(), "upright (orientation 6): portrait");
        assertEquals(400, ours.cols());
        OpenCv.load();
        Mat reference = Imgcodecs.imdecode(new MatOfByte(data), Imgcodecs.IMREAD_COLOR); // OpenCV applies EXIF itself
        Mat scaled = Pixels.fit(reference, 600);
        Mat diff = new Mat();
        Core.absdiff(ours, scaled, diff);
        double mean = Core.mean(diff).val[0];
        assertTrue(mean < 6, "same picture, same colours: mean difference " + mean);
        byte[] encoded = Pixels.jpeg(ours, 85);
        assertNotNull(ImageHeader.read(encoded));
        assertEquals(ImageHeader.Type.JPEG, ImageHeader.read(encoded).type());
        assertEquals(1, ImageHeader.read(encoded).orientation(), "no EXIF written");
    }

    @Test
    void pngAndWebpGoThroughTheSamePipeline() throws IOException {
        for (String name : new String[]{"small.png", "street.webp"}) {
            byte[] data = PhotoUploadTest.fixture(name);
            ProcessedPhoto p = Pixels.process(data, ImageHeader.read(data), 2048, 320);
            assertNotNull(p, name);
            assertTrue(p.width() > 0 && p.thumbnail().length > 0, name);
        }
    }

    @Test
    void photoWorkersRunAtALowerPriority() throws Exception {
        Integer before = LowPriority.current();
        org.junit.jupiter.api.Assumptions.assumeTrue(before != null, "Linux /proc");
        Thread t = new Thread(() -> {
            LowPriority.apply();
            niceSeen = LowPriority.current();
        });
        t.start();
        t.join();
        assertEquals(Math.max(before, LowPriority.NICE), niceSeen, "the worker's own nice value");
        assertEquals(before, LowPriority.current(), "other threads unchanged");
    }

    private static volatile Integer niceSeen;
}
