package fr.signalement.photo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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

    /** Refuse images whose decoded size would exhaust memory (decompression bombs). */
    @WithDefault("60000000")
    long maxPixels();

    /** How long a signed address to an unpublished photo lasts: between one and two of these periods. */
    @WithDefault("24")
    int linkHours();
}
