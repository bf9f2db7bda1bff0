package fr.signalement.stats;

import fr.signalement.common.Dates;
import fr.signalement.common.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import static fr.signalement.common.Time.ZONE;

/**
 * The period a dashboard looks at: alerts whose first report arrived in {@code [from, to)}, their
 * progress observed at {@code asOf = min(to, now)}. Dates are days in the commune's time zone
 * ({@link fr.signalement.common.Time#ZONE}); instants are accepted too.
 */
public record Period(Instant from, Instant to, Instant asOf) {
    public static Period parse(String from, String to, Clock clock) {
        Instant now = clock.instant();
        Instant t = to == null || to.isBlank()
                ? LocalDate.ofInstant(now, ZONE).plusDays(1).atStartOfDay(ZONE).toInstant()
                : instant("to", to, true);
        Instant f = from == null || from.isBlank() ? t.minus(91, ChronoUnit.DAYS) : instant("from", from, false);
        if (!f.isBefore(t)) throw ProblemException.badRequest("from", "Le début de la période doit précéder sa fin.");
        if (f.isBefore(t.minus(3700, ChronoUnit.DAYS))) throw ProblemException.badRequest("from", "Période limitée à dix ans.");
        return new Period(f, t, t.isBefore(now) ? t : now);
    }

    /** A date {@code to} means the end of that day (inclusive for people, exclusive here). */
    static Instant instant(String field, String value, boolean endOfDay) {
        try {
            if (value.length() == 10) {
                LocalDate d = LocalDate.parse(value);
                return Dates.checked(field, (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZONE).toInstant());
            }
            return Dates.checked(field, Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "Date attendue au format AAAA-MM-JJ (ou un instant ISO-8601) : " + value);
        }
    }
}
