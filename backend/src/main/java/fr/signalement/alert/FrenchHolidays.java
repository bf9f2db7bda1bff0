package fr.signalement.alert;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashSet;
import java.util.Set;

/** French public holidays (Code du travail L.3133-1), with Alsace-Moselle's two extra days. */
public final class FrenchHolidays {
    private static final Set<MonthDay> FIXED = Set.of(
            MonthDay.of(1, 1), MonthDay.of(5, 1), MonthDay.of(5, 8), MonthDay.of(7, 14),
            MonthDay.of(8, 15), MonthDay.of(11, 1), MonthDay.of(11, 11), MonthDay.of(12, 25));

    private FrenchHolidays() {
    }

    public static boolean isHoliday(LocalDate day, boolean alsaceMoselle) {
        return holidays(day.getYear(), alsaceMoselle).contains(day);
    }

    public static Set<LocalDate> holidays(int year, boolean alsaceMoselle) {
        Set<LocalDate> days = new HashSet<>();
        FIXED.forEach(md -> days.add(md.atYear(year)));
        LocalDate easter = easterSunday(year);
        days.add(easter.plusDays(1));   // Lundi de Pâques
        days.add(easter.plusDays(39));  // Ascension
        days.add(easter.plusDays(50));  // Lundi de Pentecôte
        if (alsaceMoselle) {
            days.add(easter.minusDays(2));       // Vendredi saint
            days.add(LocalDate.of(year, 12, 26)); // Saint-Étienne
        }
        return days;
    }

    /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int y) {
        int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(y, month, day);
    }
}
