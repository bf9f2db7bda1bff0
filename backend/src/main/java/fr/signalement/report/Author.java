package fr.signalement.report;

import fr.signalement.common.ProblemException;
import fr.signalement.staff.CurrentStaff;

/**
 * Who enters a report: citizens report for themselves; a report taken by phone, at the counter or
 * from a letter is entered by a signed-in staff member, whose name goes in the timeline. The
 * channel is a fact the commune's figures rely on, so an anonymous caller cannot claim a staff one.
 */
final class Author {
    private Author() {
    }

    /** The actor recorded for a report sent on {@code channel} through the public API. */
    static String of(CurrentStaff staff, String channel) {
        Channel c = channel == null || channel.isBlank() ? Channel.PWA : Channel.of(channel).orElse(null);
        if (c == Channel.OPEN311) {
            // Open311 reports carry their client's name; they come only through /open311/v2.
            throw new ProblemException(403, "Accès refusé",
                    "Le canal « open311 » est réservé aux clients de l'API Open311 (/open311/v2).", "channel");
        }
        if (staff.signedIn()) {
            return staff.user().username;
        }
        if (c != null && Channel.STAFF.contains(c)) {
            throw new ProblemException(403, "Accès refusé",
                    "Un signalement reçu par téléphone, au guichet ou par courrier est saisi par un agent connecté.", "channel");
        }
        return "citizen";
    }
}
