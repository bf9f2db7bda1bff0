package fr.signalement.stats;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static fr.signalement.common.Time.ZONE;

/**
 * Which weeks of the trend are not final yet ("période en cours"). A week's cohort is in progress at
 * {@code asOf} when
 * <ul>
 *   <li>the week has not ended by {@code asOf} (alerts may still join it), or</li>
 *   <li>one of its alerts is still open and its deadline ({@code due_at}) is not past at {@code asOf}
 *       ({@code open_pending > 0}): it may still be resolved on time, or become overdue.</li>
 * </ul>
 * Such a week's share on time and resolution times count only the alerts already settled (quick
 * resolutions), so they look better than they will be: 100 % and a median near 0 h in the last weeks.
 * Unless asked ({@code includeCurrent}), the trend leaves those figures out for such weeks; the counts
 * stay, so the reader sees how many alerts are still pending.
 */
final class CurrentCohort {
    private CurrentCohort() {
    }

    /** The figures a pending alert would change. */
    static final List<String> PROVISIONAL = List.of("on_time_share", "resolve_median_h", "resolve_p90_h");

    static boolean inProgress(LocalDate week, long openPending, Instant asOf) {
        return week.plusWeeks(1).atStartOfDay(ZONE).toInstant().isAfter(asOf) || openPending > 0;
    }

    /** Marks each week row {@code in_progress} and, unless {@code includeCurrent}, blanks its provisional figures. */
    static void mark(List<Map<String, Object>> weeks, Instant asOf, boolean includeCurrent) {
        for (Map<String, Object> row : weeks) {
            boolean current = inProgress(LocalDate.parse((String) row.get("key")), ((Number) row.get("open_pending")).longValue(), asOf);
            row.put("in_progress", current);
            if (current && !includeCurrent) PROVISIONAL.forEach(k -> row.put(k, null));
        }
    }
}
