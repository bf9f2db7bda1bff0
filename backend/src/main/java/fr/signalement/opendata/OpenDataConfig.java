package fr.signalement.opendata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The anonymised open-data export of alerts ({@code signalement.open-data.*}). */
@ConfigMapping(prefix = "signalement.open-data")
public interface OpenDataConfig {
    /** The licence the commune publishes the data under (Licence Ouverte 2.0 or ODbL). */
    @WithDefault("Licence Ouverte / Open Licence 2.0 (Etalab)")
    String licence();

    @WithDefault("https://www.etalab.gouv.fr/licence-ouverte-open-licence/")
    String licenceUrl();

    /** Where the daily files (alertes.csv, alertes.geojson) are written; none when unset. */
    Optional<String> dir();

    /** When the daily files are written. */
    @WithDefault("0 30 4 * * ?")
    String cron();
}
