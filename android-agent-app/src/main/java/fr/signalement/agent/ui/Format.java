package fr.signalement.agent.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import android.content.Context;

import fr.signalement.agent.R;

/** French date/time formatting for agents. */
public final class Format {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.FRANCE);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.FRANCE);

    private Format() { }

    /** "aujourd'hui 14:30", "demain 09:00", "hier 17:00" or "mer. 26 nov. 14:30". */
    public static String when(Instant at, Instant now, ZoneId zone) {
        if (at == null) return "";
        ZonedDateTime t = at.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate d = t.toLocalDate();
        if (d.equals(today)) return "aujourd'hui " + TIME.format(t);
        if (d.equals(today.plusDays(1))) return "demain " + TIME.format(t);
        if (d.equals(today.minusDays(1))) return "hier " + TIME.format(t);
        return DAY_TIME.format(t);
    }

    public static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    public static String due(Context c, Instant dueAt, Instant now) {
        return dueAt == null ? c.getString(R.string.due_none) : c.getString(R.string.due_at, when(dueAt, now, ZoneId.systemDefault()));
    }

    /** French label of a due status. */
    public static String dueStatus(Context c, String dueStatus) {
        switch (dueStatus) {
            case "OVERDUE": return c.getString(R.string.due_overdue);
            case "DUE_SOON": return c.getString(R.string.due_soon);
            default: return c.getString(R.string.due_on_time);
        }
    }

    /** Number without useless decimals ("2", "2.5"). */
    /** How old something is, for the agent: "45 s", "12 min", "3 h". */
    public static String age(long millis) {
        long s = Math.max(0, millis / 1000);
        if (s < 120) return s + " s";
        if (s < 2 * 3600) return (s / 60) + " min";
        return (s / 3600) + " h";
    }

    public static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(v).replace('.', ',');
    }
}
