package fr.signalement.geo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The commune running this installation: its identity and look in the citizen app. */
@ConfigMapping(prefix = "signalement.commune")
public interface CommuneConfig {
    String name();

    String inseeCode();

    @WithDefault("#1d5f8a")
    String primaryColor();

    @WithDefault("#c2410c")
    String accentColor();

    @WithDefault("/logo.svg")
    String logoUrl();
}
