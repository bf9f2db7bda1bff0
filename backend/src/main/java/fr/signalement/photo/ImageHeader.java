package fr.signalement.photo;

/**
 * What an image's first bytes say, read without decoding a pixel: the format (sniffed, never taken
 * from the client), the stored size and, for JPEG, the EXIF orientation. The size is what bounds the
 * work before any is done: a file of a few kilobytes can declare 49 million pixels.
 */
public record ImageHeader(Type type, int width, int height, int orientation) {
    public enum Type { JPEG, PNG, WEBP }

    public long pixels() {
        return (long) width * height;
    }

    /** The type alone, from the magic numbers; null if none of ours. */
    public static Type sniff(byte[] d) {
        if (d.length >= 3 && u8(d, 0) == 0xFF && u8(d, 1) == 0xD8 && u8(d, 2) == 0xFF) {
            return Type.JPEG;
        }
        if (d.length >= 8 && u8(d, 0) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G'
                && d[4] == 0x0D && d[5] == 0x0A && d[6] == 0x1A && d[7] == 0x0A) {
            return Type.PNG;
        }
        if (d.length >= 12 && d[0] == 'R' && d[1] == 'I' && d[2] == 'F' && d[3] == 'F'
                && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
            return Type.WEBP;
        }
        return null;
    }

    /** The header of an image of a known type; null when the header is missing or malformed. */
    public static ImageHeader read(byte[] d) {
        Type type = sniff(d);
        if (type == null) {
            return null;
        }
        try {
            return switch (type) {
                case JPEG -> jpeg(d);
                case PNG -> d.length >= 24 && tag(d, 12, "IHDR") ? sized(type, be32(d, 16), be32(d, 20), 1) : null;
                case WEBP -> webp(d);
            };
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return null;
        }
    }

    private static ImageHeader jpeg(byte[] d) {
        int orientation = 1;
        int i = 2;
        while (i + 4 <= d.length) {
            if (u8(d, i) != 0xFF) {
                return null;
            }
            int marker = u8(d, i + 1);
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            int len = be16(d, i + 2);
            if (marker == 0xE1 && len > 8 && tag(d, i + 4, "Exif")) {
                orientation = exifOrientation(d, i + 10, i + 2 + len);
            }
            // Start of frame (every SOFn but DHT C4, JPG C8, DAC CC): precision, height, width.
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return sized(Type.JPEG, be16(d, i + 7), be16(d, i + 5), orientation);
            }
            if (marker == 0xDA || marker == 0xD9) {
                return null; // scan data before any frame header
            }
            i += 2 + len;
        }
        return null;
    }

    /** Tag 0x0112 of IFD0 of the TIFF structure at {@code t}; 1 when absent or out of range. */
    private static int exifOrientation(byte[] d, int t, int end) {
        if (t + 8 > end) {
            return 1;
        }
        boolean little = d[t] == 'I';
        int ifd = t + int32(d, t + 4, little);
        if (ifd + 2 > end || ifd < t) {
            return 1;
        }
        int entries = int16(d, ifd, little);
        for (int e = 0; e < entries; e++) {
            int at = ifd + 2 + 12 * e;
            if (at + 12 > end) {
                break;
            }
            if (int16(d, at, little) == 0x0112) {
                int o = int16(d, at + 8, little);
                return o >= 1 && o <= 8 ? o : 1;
            }
        }
        return 1;
    }

    private static ImageHeader webp(byte[] d) {
        if (tag(d, 12, "VP8 ")) { // lossy: 14-bit sizes after the frame tag and start code
            return sized(Type.WEBP, le16(d, 26) & 0x3FFF, le16(d, 28) & 0x3FFF, 1);
        }
        if (tag(d, 12, "VP8L")) { // lossless: 14-bit sizes minus one, packed after the signature byte
            int bits = le16(d, 21) | le16(d, 23) << 16;
            return sized(Type.WEBP, 1 + (bits & 0x3FFF), 1 + (bits >>> 14 & 0x3FFF), 1);
        }
        if (tag(d, 12, "VP8X")) { // extended: 24-bit canvas sizes minus one
            return sized(Type.WEBP, 1 + (le16(d, 24) | u8(d, 26) << 16), 1 + (le16(d, 27) | u8(d, 29) << 16), 1);
        }
        return null;
    }

    private static ImageHeader sized(Type type, long w, long h, int orientation) {
        return w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE
                ? new ImageHeader(type, (int) w, (int) h, orientation) : null;
    }

    private static boolean tag(byte[] d, int at, String s) {
        for (int k = 0; k < s.length(); k++) {
            if (d[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] d, int i) {
        return d[i] & 0xFF;
    }

    private static int be16(byte[] d, int i) {
        return u8(d, i) << 8 | u8(d, i + 1);
    }

    private static int le16(byte[] d, int i) {
        return u8(d, i) | u8(d, i + 1) << 8;
    }

    private static long be32(byte[] d, int i) {
        return (long) be16(d, i) << 16 | be16(d, i + 2);
    }

    private static int int16(byte[] d, int i, boolean little) {
        return little ? le16(d, i) : be16(d, i);
    }

    private static int int32(byte[] d, int i, boolean little) {
        return little ? le16(d, i) | le16(d, i + 2) << 16 : be16(d, i) << 16 | be16(d, i + 2);
    }
}
