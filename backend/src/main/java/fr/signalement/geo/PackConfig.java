package fr.signalement.geo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/**
 * Where the communes' packs are ({@code geo-data/<pack>/}, see geo-data/README.md) and which are
 * loaded at start-up. More packs are added to a running installation with {@code scripts/pack.sh}.
 */
@ConfigMapping(prefix = "signalement.packs")
public interface PackConfig {
    /** The folder holding one sub-folder per pack (relative paths: against the working directory). */
    @WithDefault("../geo-data")
    String dir();

    /**
     * Packs loaded (or updated, when their files changed) at every start. The first is the default
     * territory: the citizen app shows it until it knows where the citizen is.
     */
    @WithDefault("paris")
    List<String> load();
}
