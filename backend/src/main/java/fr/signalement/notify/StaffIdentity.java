package fr.signalement.notify;

import fr.signalement.common.ProblemException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who the signed-in staff member is, from the access token (claim {@code uid}, the staff_user id). */
final class StaffIdentity {
    private StaffIdentity() {
    }

    static long userId(JsonWebToken jwt) {
        Object uid = jwt.getClaim("uid");
        if (uid instanceof JsonNumber n) {
            return n.longValue();
        }
        if (uid instanceof Number n) {
            return n.longValue();
        }
        String text = uid instanceof JsonString s ? s.getString() : uid == null ? null : uid.toString();
        if (text != null) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException ignored) {
                // not an id
            }
        }
        throw forbidden("Le jeton d'accès ne désigne aucun membre du personnel (claim « uid »).");
    }

    static String name(JsonWebToken jwt) {
        String name = jwt.getName();
        return name == null || name.isBlank() ? "staff:" + userId(jwt) : name;
    }

    static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Accès refusé", detail, null);
    }

    /** A push token as FCM issues them: printable ASCII, bounded. */
    static String pushToken(String token) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty()) {
            throw ProblemException.badRequest("token", "Le jeton de notification est obligatoire.");
        }
        if (t.length() > 4096 || !t.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ProblemException.badRequest("token", "Le jeton de notification n'est pas valide.");
        }
        return t;
    }
}
