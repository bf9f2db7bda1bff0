package fr.signalement.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadlinesTest {
    static Instant paris(String local) {
        return ZonedDateTime.parse(local + "+01:00[Europe/Paris]").toInstant();
    }

    @Test
    void easterAndTheHolidaysThatFollowIt() {
        assertEquals(LocalDate.of(2026, 4, 5), FrenchHolidays.easterSunday(2026));
        assertEquals(LocalDate.of(2024, 3, 31), FrenchHolidays.easterSunday(2024));
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 4, 6), false));   // Easter Monday
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 5, 14), false));  // Ascension
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 5, 25), false));  // Whit Monday
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 7, 14), false));
        assertFalse(FrenchHolidays.isHoliday(LocalDate.of(2026, 4, 3), false));  // Good Friday, not in Paris
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 4, 3), true));    // ...but in Alsace-Moselle
        assertTrue(FrenchHolidays.isHoliday(LocalDate.of(2026, 12, 26), true));
        assertFalse(FrenchHolidays.isHoliday(LocalDate.of(2026, 12, 26), false));
    }

    @Test
    void workingHoursSkipNightsWeekendsAndHolidays() {
        // Friday 16:00 + 4 working hours (Mon–Fri 8–18) = Monday 10:00.
        assertEquals(paris("2026-11-30T10:00"),
                Deadlines.addWorkingTime(paris("2026-11-27T16:00"), Duration.ofHours(4), Deadlines.DEFAULT_HOURS, false));
        // Saturday night counts from Monday 8:00.
        assertEquals(paris("2026-11-30T10:00"),
                Deadlines.addWorkingTime(paris("2026-11-28T23:00"), Duration.ofHours(2), Deadlines.DEFAULT_HOURS, false));
        // Thursday 2 April 2026, 17:00 + 3 h: Friday 3 April runs to 10:00 in Paris...
        Instant start = ZonedDateTime.parse("2026-04-02T17:00+02:00[Europe/Paris]").toInstant();
        assertEquals(ZonedDateTime.parse("2026-04-03T10:00+02:00[Europe/Paris]").toInstant(),
                Deadlines.addWorkingTime(start, Duration.ofHours(3), Deadlines.DEFAULT_HOURS, false));
        // ...but in Alsace-Moselle Good Friday and Easter Monday are off: Tuesday 7 April, 10:00.
        assertEquals(ZonedDateTime.parse("2026-04-07T10:00+02:00[Europe/Paris]").toInstant(),
                Deadlines.addWorkingTime(start, Duration.ofHours(3), Deadlines.DEFAULT_HOURS, true));
        // 48 working hours at 10 a day, from Monday 8:00: four full days and 8 hours of Friday.
        assertEquals(paris("2026-12-04T16:00"),
                Deadlines.addWorkingTime(paris("2026-11-30T08:00"), Duration.ofHours(48), Deadlines.DEFAULT_HOURS, false));
    }

    @Test
    void dueStatusWarnsInTheLastQuarterAndFlagsOverdue() {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        assertEquals("OVERDUE", AlertViews.dueStatus(AlertStatus.ASSIGNED, now.minusSeconds(1), 48, now));
        assertEquals("DUE_SOON", AlertViews.dueStatus(AlertStatus.NEW, now.plusSeconds(3600 * 11), 48, now));
        assertEquals("ON_TIME", AlertViews.dueStatus(AlertStatus.NEW, now.plusSeconds(3600 * 13), 48, now));
        assertEquals("ON_TIME", AlertViews.dueStatus(AlertStatus.RESOLVED, now.minusSeconds(3600), 48, now));
    }
}
