package fr.signalement.report;

import fr.signalement.common.ProblemException;

import java.util.regex.Pattern;

/** What a citizen (or an agent on their behalf) sends. Validated here so each error names its field. */
public record ReportRequest(String categoryCode, Double lat, Double lon, Double accuracyM, String description,
                            String contactEmail, String channel) {
    public static final int MAX_DESCRIPTION = 2000;
    /**
     * GeoReport v2 allows 4,000 characters, and client applications often add a title and a link
     * to the citizen's text: refusing them makes the client retry forever.
     */
    public static final int MAX_DESCRIPTION_OPEN311 = 4000;
    private static final Pattern EMAIL = Pattern.compile("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$");

    /** Checks every field; returns the request with blanks normalised to null. */
    public ReportRequest validated(boolean categoryRequired, boolean positionRequired) {
        if (categoryRequired && (categoryCode == null || categoryCode.isBlank())) {
            throw ProblemException.badRequest("categoryCode", "La catégorie (« categoryCode ») est obligatoire.");
        }
        if (positionRequired || lat != null || lon != null) {
            if (lat == null) {
                throw ProblemException.badRequest("lat", "La latitude (« lat ») est obligatoire.");
            }
            if (lon == null) {
                throw ProblemException.badRequest("lon", "La longitude (« lon ») est obligatoire.");
            }
            if (!Double.isFinite(lat) || lat < -90 || lat > 90) {
                throw ProblemException.badRequest("lat", "La latitude doit être comprise entre -90 et 90 degrés (WGS84).");
            }
            if (!Double.isFinite(lon) || lon < -180 || lon > 180) {
                throw ProblemException.badRequest("lon", "La longitude doit être comprise entre -180 et 180 degrés (WGS84).");
            }
        }
        if (accuracyM != null && (!Double.isFinite(accuracyM) || accuracyM < 0)) {
            throw ProblemException.badRequest("accuracyM", "La précision (« accuracyM ») doit être un nombre de mètres positif.");
        }
        String desc = blankToNull(description);
        int max = Channel.OPEN311.code.equals(channel) ? MAX_DESCRIPTION_OPEN311 : MAX_DESCRIPTION;
        if (desc != null && desc.codePointCount(0, desc.length()) > max) {
            throw ProblemException.badRequest("description", "La description dépasse " + max + " caractères.");
        }
        if (desc != null && desc.indexOf('\u0000') >= 0) {
            throw ProblemException.badRequest("description", "La description contient un caractère nul.");
        }
        String email = blankToNull(contactEmail);
        if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
            throw ProblemException.badRequest("contactEmail", "L'adresse e-mail « " + email + " » n'est pas valide.");
        }
        String ch = channel == null || channel.isBlank() ? Channel.PWA.code : channel;
        if (Channel.of(ch).isEmpty()) {
            throw ProblemException.badRequest("channel", "Canal inconnu « " + ch + " » : pwa, phone, counter, email, mail ou open311.");
        }
        return new ReportRequest(categoryCode == null ? null : categoryCode.trim(), lat, lon, accuracyM, desc, email, ch);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
