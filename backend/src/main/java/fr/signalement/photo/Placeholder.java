package fr.signalement.photo;

import org.opencv.core.Mat;
import org.opencv.core.CvType;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** What the public sees of a photo whose blurred version is not made yet: a grey card saying so. */
final class Placeholder {
    private static volatile byte[] jpeg;

    private Placeholder() {
    }

    static byte[] jpeg() {
        byte[] j = jpeg;
        if (j == null) {
            OpenCv.load();
            Mat card = new Mat(240, 320, CvType.CV_8UC3, new Scalar(225, 225, 225));
            Scalar ink = new Scalar(70, 70, 70);
            Imgproc.putText(card, "Photo en cours", new Point(62, 110), Imgproc.FONT_HERSHEY_SIMPLEX, 0.7, ink, 2, Imgproc.LINE_AA);
            Imgproc.putText(card, "d'anonymisation", new Point(52, 145), Imgproc.FONT_HERSHEY_SIMPLEX, 0.7, ink, 2, Imgproc.LINE_AA);
            j = Pixels.jpeg(card, 80);
            card.release();
            jpeg = j;
        }
        return j;
    }
}
