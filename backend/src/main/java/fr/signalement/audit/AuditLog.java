package fr.signalement.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The append-only record of every staff action and every read of a reporter's personal data
 * (who, when, what, before/after). Written in the caller's transaction, so an action that rolls
 * back leaves no trace and one that commits always does. The table refuses updates and deletes.
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
     * @param target   what was acted on, such as {@code alert:42}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Long actorId, String actor, String action, String target, Object before, Object after) {
        em.createNativeQuery("""
                        INSERT INTO audit_log (actor_id, actor, action, target, before, after)
                        VALUES (:actorId, :actor, :action, :target, CAST(:before AS jsonb), CAST(:after AS jsonb))
                        """)
                .setParameter("actorId", actorId)
                .setParameter("actor", actor)
                .setParameter("action", action)
                .setParameter("target", target)
                .setParameter("before", toJson(before))
                .setParameter("after", toJson(after))
                .executeUpdate();
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
