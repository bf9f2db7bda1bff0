package fr.signalement.audit;

import fr.signalement.common.ProblemException;
import fr.signalement.staff.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Read-only access to the audit log, for administrators. There is no way to change it. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN)
public class AuditResource {
    @Inject
    EntityManager em;

    public record Entry(long id, Instant at, Long actorId, String actor, String action, String target, String before,
                        String after) {
    }

    public record Page(long total, List<Entry> items) {
    }

    @GET
    @Transactional
    public Page list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("actor") String actor,
                     @QueryParam("action") String action, @QueryParam("target") String target,
                     @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > 1000) {
            throw ProblemException.badRequest("size", "Pagination : page ≥ 0 et 1 ≤ size ≤ 1000.");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, at, actor_id, actor, action, target, before::text, after::text, count(*) OVER ()
                        FROM audit_log
                        WHERE (CAST(:from AS timestamptz) IS NULL OR at >= CAST(:from AS timestamptz))
                          AND (CAST(:to AS timestamptz) IS NULL OR at < CAST(:to AS timestamptz))
                          AND (CAST(:actor AS text) IS NULL OR actor = CAST(:actor AS text))
                          AND (CAST(:action AS text) IS NULL OR action = CAST(:action AS text))
                          AND (CAST(:target AS text) IS NULL OR target = CAST(:target AS text))
                        ORDER BY id DESC LIMIT :size OFFSET :offset
                        """)
                .setParameter("from", instant(from, "from")).setParameter("to", instant(to, "to"))
                .setParameter("actor", actor).setParameter("action", action).setParameter("target", target)
                .setParameter("size", size).setParameter("offset", (long) page * size)
                .getResultList();
        long total = rows.isEmpty() ? 0 : ((Number) rows.get(0)[8]).longValue();
        return new Page(total, rows.stream().map(r -> new Entry(((Number) r[0]).longValue(),
                fr.signalement.common.Sql.instant(r[1]),
                r[2] == null ? null : ((Number) r[2]).longValue(), (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7])).toList());
    }

    private static Instant instant(String s, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "Date attendue au format ISO-8601 (2026-01-31T00:00:00Z).");
        }
    }
}
