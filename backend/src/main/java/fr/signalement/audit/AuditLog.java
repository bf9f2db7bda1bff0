package fr.signalement.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The append-only record of every staff action and every read of a reporter's personal data
 * (who, when, what, before/after). Written in the caller's transaction, so an action that rolls
 * back leaves no trace and one that commits always does. The table refuses updates and deletes:
 * this class only appends and reads.
 */
@ApplicationScoped
public class AuditLog {
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    /**
     * @param actorId  staff user id, or null for the system or a citizen
     * @param actor    who, as people read it (a username, "system", "citizen")
     * @param action   a verb such as {@code alert.transition}, {@code report.contact.read}
     * @param target   what was acted on, such as {@code alert:42}; an alert's commune is recorded with it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Long actorId, String actor, String action, String target, Object before, Object after) {
        em.createNativeQuery("""
                        INSERT INTO audit_log (actor_id, actor, action, target, before, after, insee_code)
                        VALUES (:actorId, :actor, :action, :target, CAST(:before AS jsonb), CAST(:after AS jsonb),
                                (SELECT insee_code FROM alert WHERE CAST(:target AS text) ~ '^alert:[0-9]{1,18}$'
                                   AND id = CAST(substr(CAST(:target AS text), 7) AS bigint)))
                        """)
                .setParameter("actorId", actorId)
                .setParameter("actor", actor)
                .setParameter("action", action)
                .setParameter("target", target)
                .setParameter("before", toJson(before))
                .setParameter("after", toJson(after))
                .executeUpdate();
    }

    /** @param inseeCode the commune of the alert acted on, if the target is one */
    public record Entry(long id, Instant at, Long actorId, String actor, String action, String target, String before,
                        String after, String inseeCode) {
    }

    @Schema(name = "AuditPage")
    public record Page(long total, List<Entry> items) {
    }

    /** Entries newest first, each filter ignored when null: [from, to), exact actor, action, target, commune. */
    @Transactional
    public Page read(Instant from, Instant to, String actor, String action, String target, String commune, int page, int size) {
        List<Row> rows = Row.list(em.createNativeQuery("""
                        SELECT id, at, actor_id, actor, action, target, before::text AS before, after::text AS after,
                               insee_code, count(*) OVER () AS total
                        FROM audit_log
                        WHERE (CAST(:from AS timestamptz) IS NULL OR at >= CAST(:from AS timestamptz))
                          AND (CAST(:to AS timestamptz) IS NULL OR at < CAST(:to AS timestamptz))
                          AND (CAST(:actor AS text) IS NULL OR actor = CAST(:actor AS text))
                          AND (CAST(:action AS text) IS NULL OR action = CAST(:action AS text))
                          AND (CAST(:target AS text) IS NULL OR target = CAST(:target AS text))
                          AND (CAST(:commune AS text) IS NULL OR insee_code = CAST(:commune AS text))
                        ORDER BY id DESC LIMIT :size OFFSET :offset
                        """, Tuple.class)
                .setParameter("from", from).setParameter("to", to)
                .setParameter("actor", actor).setParameter("action", action).setParameter("target", target)
                .setParameter("commune", commune).setParameter("size", size).setParameter("offset", (long) page * size));
        long total = rows.isEmpty() ? 0 : rows.get(0).number("total");
        return new Page(total, rows.stream().map(r -> new Entry(r.number("id"), r.instant("at"), r.id("actor_id"),
                r.text("actor"), r.text("action"), r.text("target"), r.text("before"), r.text("after"), r.text("insee_code"))).toList());
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot record " + value.getClass() + " in the audit log", e);
        }
    }
}
