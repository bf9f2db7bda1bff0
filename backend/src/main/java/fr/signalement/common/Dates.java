package fr.signalement.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The dates the product accepts from outside. Java reads years from -999999999 to +999999999 and
 * PostgreSQL stores 4713 BC to 294276 AD; no report, alert or audit entry lies outside 1970–9999, so
 * a date there is a typing error (or a probe) and is refused before it reaches the database.
 */
public final class Dates {
    public static final int FIRST_YEAR = 1970;
    public static final int LAST_YEAR = 9999;
    private static final Instant EARLIEST = LocalDate.of(FIRST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Exclusive; a day more than the last instant of 9999 so the commune's end of 31 December still fits. */
    private static final Instant AFTER_LAST = LocalDate.of(LAST_YEAR + 1, 1, 2).atStartOfDay(ZoneOffset.UTC).toInstant();

    private Dates() {
    }

    public static boolean plausible(Instant t) {
        return !t.isBefore(EARLIEST) && t.isBefore(AFTER_LAST);
    }

    public static boolean plausible(LocalDate d) {
        return d.getYear() >= FIRST_YEAR && d.getYear() <= LAST_YEAR;
    }

    /** What to tell the caller, in the words of a refusal's detail. */
    public static String range() {
        return "l'année doit être comprise entre " + FIRST_YEAR + " et " + LAST_YEAR;
    }

    /** The instant, or a 400 naming {@code field} if it lies outside the accepted years. */
    public static Instant checked(String field, Instant t) {
        if (t != null && !plausible(t)) {
            throw ProblemException.badRequest(field, "Date hors limites pour « " + field + " » : " + range() + ".");
        }
        return t;
    }
}
