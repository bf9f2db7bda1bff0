package fr.signalement.photo;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;

/**
 * Turns an uploaded photo into what we store: the type is sniffed from the bytes (never trusted
 * from the client), the image is decoded, turned upright from its EXIF orientation, scaled down
 * and re-encoded. Re-encoding from pixels is what drops every metadata block (GPS, camera serial).
 */
@ApplicationScoped
public class PhotoProcessor {
    public static final String ACCEPTED = "JPEG, PNG ou WebP";

    @Inject
    PhotoConfig config;
    @Inject
    DecodeSlots slots;

    public enum Type { JPEG, PNG, WEBP }

    public ProcessedPhoto process(byte[] data, String field) {
        if (data.length > config.maxBytes()) {
            throw tooLarge(field);
        }
        Type type = sniff(data);
        if (type == null) {
            throw new ProblemException(415, "Type de photo non accepté",
                    "La photo doit être au format " + ACCEPTED + ".", field).with("accepted", new String[]{"image/jpeg", "image/png", "image/webp"});
        }
        // The slot bounds the pixel work (decode, scale, encode) done at once across all requests.
        try (DecodeSlots.Slot slot = slots.take(field)) {
            BufferedImage image = decode(data, field);
            // Scale first, then turn upright: the rotation then works on the small image.
            BufferedImage full = upright(scale(image, config.maxEdgePx()), orientation(data));
            BufferedImage thumb = scale(full, config.thumbnailEdgePx());
            return new ProcessedPhoto(jpeg(full, 0.85f), jpeg(thumb, 0.8f), full.getWidth(), full.getHeight());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw unreadable(field);
        }
    }

    public ProblemException tooLarge(String field) {
        return new ProblemException(413, "Photo trop volumineuse",
                "Chaque photo doit peser au plus " + (config.maxBytes() / (1024 * 1024)) + " Mo.", field);
    }

    static Type sniff(byte[] d) {
        if (d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return Type.JPEG;
        }
        if (d.length >= 8 && (d[0] & 0xFF) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G'
                && d[4] == 0x0D && d[5] == 0x0A && d[6] == 0x1A && d[7] == 0x0A) {
            return Type.PNG;
        }
        if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
            return Type.WEBP;
        }
        return null;
    }

    private BufferedImage decode(byte[] data, String field) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw unreadable(field);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw unreadable(field);
                }
                if (w * h > config.maxPixels()) {
                    throw new ProblemException(413, "Photo trop grande", "La photo fait " + w + " × " + h
                            + " pixels ; au plus " + config.maxPixels() / 1_000_000 + " millions de pixels sont acceptés.", field)
                            .with("maxPixels", config.maxPixels());
                }
                // Decode at most ~2x the size we keep: cheaper and bounded in memory.
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.max(1, Math.min(w, h) / (2L * config.maxEdgePx()));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }

    private static int orientation(byte[] data) {
        try {
            var metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length);
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return exif.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            }
        } catch (ImageProcessingException | MetadataException | IOException | RuntimeException ignored) {
            // No readable EXIF: the pixels are taken as they are.
        }
        return 1;
    }

    /** Applies an EXIF orientation (1–8) so the stored image needs no metadata to display upright. */
    static BufferedImage upright(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        // Each EXIF orientation as the matrix mapping stored pixels to upright ones:
        // AffineTransform(m00, m10, m01, m11, m02, m12), x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12.
        AffineTransform t = switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, w, 0);   // mirrored
            case 3 -> new AffineTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, h);   // mirrored vertically
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> new AffineTransform(0, 1, -1, 0, h, 0);   // turned 90 degrees clockwise
            case 7 -> new AffineTransform(0, -1, -1, 0, h, w);  // transversed
            default -> new AffineTransform(0, -1, 1, 0, 0, w);  // 8: turned 90 degrees counter-clockwise
        };
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    /**
     * Scales so the longest edge is at most {@code maxEdge}, onto an opaque RGB canvas. Bilinear steps
     * of at most one half (as good as one bicubic pass, several times cheaper in Java2D), onto
     * 3-byte BGR canvases, which the JPEG writer takes without a per-pixel conversion.
     */
    static BufferedImage scale(BufferedImage src, int maxEdge) {
        int w = src.getWidth();
        int h = src.getHeight();
        double ratio = Math.min(1.0, (double) maxEdge / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * ratio));
        int th = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage current = src;
        do {
            int nw = Math.max(tw, current.getWidth() / 2);
            int nh = Math.max(th, current.getHeight() / 2);
            BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = out.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, nw, nh);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(current, 0, 0, nw, nh, null);
            g.dispose();
            current = out;
        } while (current.getWidth() != tw || current.getHeight() != th);
        return current;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ProblemException unreadable(String field) {
        return new ProblemException(415, "Photo illisible",
                "La photo n'a pas pu être lue ; formats acceptés : " + ACCEPTED + ".", field);
    }
}
