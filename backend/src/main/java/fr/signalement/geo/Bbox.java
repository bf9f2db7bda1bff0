package fr.signalement.geo;

import fr.signalement.common.ProblemException;

import java.util.Arrays;

/** A map's visible rectangle as the front ends send it: {@code minLon,minLat,maxLon,maxLat}. */
public final class Bbox {
    private Bbox() {
    }

    /** The four numbers, or null for no rectangle; a malformed one is refused (400). */
    public static double[] parse(String bbox) {
        if (bbox == null || bbox.isBlank()) {
            return null;
        }
        try {
            double[] b = Arrays.stream(bbox.split(",")).mapToDouble(Double::parseDouble).toArray();
            if (b.length == 4 && b[0] < b[2] && b[1] < b[3]) {
                return b;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw ProblemException.badRequest("bbox", "bbox attendu : minLon,minLat,maxLon,maxLat.");
    }
}
