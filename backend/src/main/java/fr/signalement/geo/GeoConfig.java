package fr.signalement.geo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Where the commune's reference geography comes from. Any commune can swap in its own files:
 * a GeoJSON boundary, quartiers and sectors (with the property names holding code and name) and a
 * Base Adresse Nationale CSV export.
 */
@ConfigMapping(prefix = "signalement.geo")
public interface GeoConfig {
    /** Folder holding the files below (relative paths are resolved against the working directory). */
    String dir();

    Boundary boundary();

    Areas quartiers();

    Areas sectors();

    Addresses addresses();

    interface Boundary {
        String file();

        /** Keeps only features whose property equals a value, as {@code property=value}. */
        Optional<String> filter();
    }

    interface Areas {
        String file();

        String codeProperty();

        String nameProperty();
    }

    interface Addresses {
        String file();

        /** Field separator of the CSV (the BAN export uses ';'). */
        @WithDefault(";")
        String separator();
    }
}
