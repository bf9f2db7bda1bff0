package fr.signalement.alert;

import fr.signalement.catalog.Category;
import fr.signalement.catalog.Service;
import fr.signalement.common.Time;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * When the commune promised to have dealt with a problem: the category's committed hours, counted
 * round the clock or, for services that work office hours, only while the competent service is open
 * (skipping the public holidays of the commune's calendar: Alsace-Moselle adds Good Friday and 26 December).
 */
@ApplicationScoped
public class Deadlines {
    static final ZoneId PARIS = Time.ZONE;

    @Inject
    EntityManager em;

    /** An opening window of a weekday. */
    public record Window(DayOfWeek day, LocalTime opens, LocalTime closes) {
    }

    /** Monday to Friday, 8:00–18:00, for services that count working hours without saying which. */
    static final List<Window> DEFAULT_HOURS = List.of(DayOfWeek.values()).stream()
            .filter(d -> d.getValue() <= 5)
            .map(d -> new Window(d, LocalTime.of(8, 0), LocalTime.of(18, 0)))
            .toList();

    /**
     * @param service       the service competent where the report was made
     * @param alsaceMoselle whether the commune keeps Alsace-Moselle's calendar ({@code geo.Communes.Commune})
     */
    public Instant dueAt(Category category, Service service, boolean alsaceMoselle, Instant receivedAt) {
        boolean working = "WORKING".equals(service.deadlineMode);
        return dueAt(category.deadlineHours, working, working ? hours(service.id) : List.of(), alsaceMoselle, receivedAt);
    }

    /**
     * The same from the figures themselves, as the intake reads them in one query.
     *
     * @param hours the service's opening windows when it counts working hours; none means {@link #DEFAULT_HOURS}
     */
    public static Instant dueAt(int deadlineHours, boolean workingHours, List<Window> hours, boolean alsaceMoselle,
                                Instant receivedAt) {
        if (!workingHours) {
            return receivedAt.plus(Duration.ofHours(deadlineHours));
        }
        return addWorkingTime(receivedAt, Duration.ofHours(deadlineHours), hours.isEmpty() ? DEFAULT_HOURS : hours,
                alsaceMoselle);
    }

    /** Windows written "isoDay opens closes" and separated by commas ("1 08:00:00 18:00:00,2 …"), as the intake reads them. */
    public static List<Window> windows(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Window> windows = new ArrayList<>();
        for (String w : text.split(",")) {
            String[] f = w.trim().split(" ");
            windows.add(new Window(DayOfWeek.of(Integer.parseInt(f[0])), LocalTime.parse(f[1]), LocalTime.parse(f[2])));
        }
        return windows;
    }

    List<Window> hours(long serviceId) {
        String text = (String) em.createNativeQuery("SELECT " + AlertSql.OPENING_HOURS + " FROM service s WHERE s.id = :s")
                .setParameter("s", serviceId).getSingleResult();
        return windows(text);
    }

    /** Walks the opening windows from {@code start}, spending {@code work} only while open. */
    public static Instant addWorkingTime(Instant start, Duration work, List<Window> windows, boolean alsaceMoselle) {
        LocalDateTime cursor = LocalDateTime.ofInstant(start, PARIS);
        Duration left = work;
        for (int guard = 0; guard < 3660; guard++) {
            LocalDate day = cursor.toLocalDate();
            if (!FrenchHolidays.isHoliday(day, alsaceMoselle)) {
                for (Window w : windows) {
                    if (w.day() != day.getDayOfWeek()) {
                        continue;
                    }
                    LocalDateTime open = day.atTime(w.opens());
                    LocalDateTime close = day.atTime(w.closes());
                    LocalDateTime from = cursor.isAfter(open) ? cursor : open;
                    if (!from.isBefore(close)) {
                        continue;
                    }
                    Duration available = Duration.between(from, close);
                    if (available.compareTo(left) >= 0) {
                        return from.plus(left).atZone(PARIS).toInstant();
                    }
                    left = left.minus(available);
                    cursor = close;
                }
            }
            cursor = day.plusDays(1).atStartOfDay();
        }
        throw new IllegalStateException("No opening hours within ten years: check service_hours");
    }
}
