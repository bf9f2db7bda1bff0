package fr.signalement.photo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "signalement.photos")
public interface PhotoConfig {
    /** Storage folder; relative paths resolve against the working directory. */
    @WithDefault("var/photos")
    String dir();

    @WithDefault("15728640")
    long maxBytes();

    @WithDefault("3")
    int maxPerReport();

    @WithDefault("2048")
    int maxEdgePx();

    @WithDefault("320")
    int thumbnailEdgePx();

    /**
     * Refuse images with more pixels than this, read from the image header before decoding: a tiny
     * file can declare a huge image (decompression bombs), and decoding costs CPU by the pixel.
     */
    @WithDefault("40000000")
    long maxPixels();

    /** How long a signed address to an unpublished photo lasts: between one and two of these periods. */
    @WithDefault("24")
    int linkHours();
    /** Photos decoded at once; unset, one per core. */
    Optional<Integer> decodeSlots();

    /** How often the anonymisation queue is looked at (and worked through); "off" in tests, which drain it themselves. */
    @WithDefault("1s")
    String anonymiseEvery();

    /** How long a photo waits for a free decode slot before the request is refused with a 503. */
    @WithDefault("2s")
    Duration decodeWait();
}
