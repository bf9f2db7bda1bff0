package fr.signalement.notify;

import fr.signalement.common.ProblemException;

/** Push tokens as FCM issues them: printable ASCII, bounded. */
final class PushTokens {
    static final int MAX_LENGTH = 4096;

    private PushTokens() {
    }

    static String valid(String token) {
        String t = token == null ? "" : token.trim();
        if (t.isEmpty()) {
            throw ProblemException.badRequest("token", "Le jeton de notification est obligatoire.");
        }
        if (t.length() > MAX_LENGTH || !t.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ProblemException.badRequest("token", "Le jeton de notification n'est pas valide.");
        }
        return t;
    }
}
