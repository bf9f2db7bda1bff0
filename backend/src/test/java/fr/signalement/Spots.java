package fr.signalement;

/**
 * Distinct places inside Paris, 400+ m apart, so tests sharing one database never see each other's
 * alerts. Each test class takes its own range of indices.
 */
public final class Spots {
    private Spots() {
    }

    public static double lat(int i) {
        return 48.835 + (i % 12) * 0.004;
    }

    public static double lon(int i) {
        return 2.290 + (i / 12) * 0.006;
    }

    /** A point {@code metres} north of spot i. */
    public static double latNorth(int i, double metres) {
        return lat(i) + metres / 111_320.0;
    }

    public static final String POTHOLE = "trottoirs-affaissement-trou-bosse-pave-arrache";
    public static final String BULKY = "autres-objets-encombrants-abandonnes";
    public static final String BAGS = "cartons-ou-sacs-de-dechets-menagers";
    public static final String SHUTTER_GRAFFITI = "graffitis-sur-rideau-metallique";
    public static final String DISABLED = "cuvette-d-arbre-a-combler";
}
