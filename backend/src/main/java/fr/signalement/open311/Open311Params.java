package fr.signalement.open311;

import fr.signalement.common.Dates;
import fr.signalement.common.Time;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parameters of an Open311 call, read as GeoReport v2 clients send them: form fields first,
 * then the query string (some clients send everything there); blanks are absent. The typed readers
 * refuse a bad value with the specification's 400 error naming the parameter.
 */
record Open311Params(MultivaluedMap<String, String> form, MultivaluedMap<String, String> query) {
    private static final Pattern SPACE_OFFSET = Pattern.compile("^(.*\\d) (\\d{2}:?\\d{2})$");

    String get(String name) {
        String v = form == null ? null : form.getFirst(name);
        if (v == null || v.isBlank()) {
            v = query == null ? null : query.getFirst(name);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * Every value of a repeated parameter (FixMyStreet sends one media_url per photo when its body
     * sends several), from the form, else from the query string; blanks left out.
     */
    List<String> all(String name) {
        for (MultivaluedMap<String, String> m : Arrays.asList(form, query)) {
            List<String> values = m == null || m.get(name) == null ? List.of()
                    : m.get(name).stream().filter(v -> v != null && !v.isBlank()).map(String::strip).toList();
            if (!values.isEmpty()) {
                return values;
            }
        }
        return List.of();
    }

    /**
     * What GET requests asks for: the ids, which override every other argument (the specification
     * says so), or service codes, status and a date window of at most {@code windowDays} (by default
     * the last {@code windowDays}); pages of at most {@code maxPageSize}.
     */
    Open311Requests.Query requestsQuery(int maxPageSize, int windowDays) {
        int pageSize = pageSize(maxPageSize);
        int offset = offset(pageSize, maxPageSize);
        List<String> ids = ids(maxPageSize);
        if (!ids.isEmpty()) {
            return new Open311Requests.Query(ids, null, null, null, null, pageSize, offset);
        }
        Instant[] window = window(windowDays);
        return new Open311Requests.Query(null, list(get("service_code")), window[0], window[1], status(get("status")),
                pageSize, offset);
    }

    /**
     * What GET servicerequestupdates asks for: updates between start_date and end_date (by default
     * the last {@code windowDays}), optionally of some requests only, oldest first, in pages. Asked
     * without page nor page_size, the whole range up to {@code unpagedMax} (and one more, so that
     * the caller can tell the range holds more: see {@link #paged()}).
     */
    Open311Updates.Query updatesQuery(int maxPageSize, int unpagedMax, int windowDays) {
        int pageSize = paged() ? pageSize(maxPageSize) : unpagedMax + 1;
        int offset = paged() ? offset(pageSize, maxPageSize) : 0;
        List<String> ids = ids(maxPageSize);
        Instant[] window = window(windowDays);
        return new Open311Updates.Query(ids, window[0], window[1], pageSize, offset);
    }

    /** Whether the client asks for a page (page or page_size). */
    boolean paged() {
        return get("page") != null || get("page_size") != null;
    }

    private int pageSize(int maxPageSize) {
        return get("page_size") == null ? maxPageSize : integer("page_size", get("page_size"), 1, maxPageSize);
    }

    private int offset(int pageSize, int maxPageSize) {
        int page = get("page") == null ? 1 : integer("page", get("page"), 1, Integer.MAX_VALUE / maxPageSize);
        return (page - 1) * pageSize;
    }

    /** The service_request_id list; more than a page of them is refused rather than cut silently. */
    private List<String> ids(int maxPageSize) {
        List<String> ids = list(get("service_request_id"));
        if (ids.size() > maxPageSize) {
            throw Open311Exception.invalid("service_request_id", ids.size() + " identifiants demandés, au plus "
                    + maxPageSize + " par appel : répartissez-les sur plusieurs appels.");
        }
        return ids;
    }

    /** [start, end] from start_date and end_date, at most windowDays apart (by default the last windowDays). */
    private Instant[] window(int windowDays) {
        Instant start = date("start_date", get("start_date"), false);
        Instant end = date("end_date", get("end_date"), true);
        Duration window = Duration.ofDays(windowDays);
        if (start == null && end == null) {
            end = Instant.now();
            start = end.minus(window);
        } else if (start == null) {
            start = end.minus(window);
        } else if (end == null) {
            end = start.plus(window);
        }
        if (end.isBefore(start)) {
            throw Open311Exception.invalid("end_date", "antérieure à start_date.");
        }
        if (Duration.between(start, end).compareTo(window.plusSeconds(1)) > 0) {
            throw Open311Exception.invalid("end_date", "la période demandée ne peut pas dépasser " + windowDays + " jours.");
        }
        return new Instant[]{start, end};
    }

    /** A comma-separated list (service_request_id, service_code, status), without blanks or repeats. */
    static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).distinct().toList();
    }

    /** status=open, closed or both: true for open only, false for closed only, null for either. */
    static Boolean status(String value) {
        List<String> statuses = list(value);
        boolean open = false;
        boolean closed = false;
        for (String s : statuses) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "open" -> open = true;
                case "closed" -> closed = true;
                default -> throw Open311Exception.invalid("status", "« " + s + " » (open ou closed).");
            }
        }
        return open == closed ? null : open;
    }

    static int integer(String name, String value, int min, int max) {
        try {
            int i = Integer.parseInt(value.strip());
            if (i < min || i > max) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw Open311Exception.invalid(name, "un entier entre " + min + " et " + max + " est attendu.");
        }
    }

    /** A coordinate in WGS84 degrees. */
    static double number(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw Open311Exception.invalid(name, "« " + value + " » n'est pas un nombre (degrés WGS84).");
        }
    }

    /** W3C date-times (with Z or an offset); a date or a local time is read in the commune's time zone. */
    static Instant date(String name, String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        Instant t = parseDate(name, value, endOfDay);
        if (!Dates.plausible(t)) {
            throw Open311Exception.invalid(name, "« " + value + " » : " + Dates.range() + ".");
        }
        return t;
    }

    private static Instant parseDate(String name, String value, boolean endOfDay) {
        String v = value.strip();
        var m = SPACE_OFFSET.matcher(v);
        if (m.matches()) {
            v = m.group(1) + "+" + m.group(2); // an unencoded '+' in a query string arrives as a space
        }
        v = v.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d)", "$1T$2");
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return OffsetDateTime.parse(v, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm[:ss][.SSS]Z")).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(v).atZone(Time.ZONE).toInstant();
        } catch (DateTimeParseException ignored) {
            // next format
        }
        try {
            LocalDate d = LocalDate.parse(v);
            return (endOfDay ? d.plusDays(1) : d).atStartOfDay(Time.ZONE).toInstant().minusNanos(endOfDay ? 1000 : 0);
        } catch (DateTimeParseException e) {
            throw Open311Exception.invalid(name, "« " + value + " » n'est pas une date W3C (ex. 2026-11-25T10:00:00+01:00).");
        }
    }
}
