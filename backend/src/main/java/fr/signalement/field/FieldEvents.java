package fr.signalement.field;

import fr.signalement.alert.AlertChanged;
import fr.signalement.alert.AlertStatus;
import fr.signalement.common.Row;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * New-job alerts for tablets without Google Play services (issue #16): what a team's tablets are
 * told (a job NEW to the team, REASSIGNED to it, OVERDUE), kept in {@code field_event} so that any
 * replica answers a long-poll and nothing is lost while a tablet is off; and the tablets registered
 * ({@code field_device}). NEW and REASSIGNED are written inside the assignment's transaction (they
 * observe {@link AlertChanged}); OVERDUE is derived from the deadlines when a tablet asks.
 */
@ApplicationScoped
public class FieldEvents {
    /** The advisory-lock namespace of a team's event ids (see V24: ids in commit order per team). */
    private static final int LOCK_NAMESPACE = 16_024;

    @Inject
    EntityManager em;

    /** Woken after the commit of an event written here, so this replica's waiting polls answer at once. */
    private final Object arrived = new Object();

    public record FieldEvent(long id, String kind, long alertId, Long agentId, Instant at, String category,
                             String address, Instant dueAt, String status) {
    }

    public record FieldDevice(String deviceId, long agentId, Long teamId, long cursor) {
    }

    /** Inside the change's transaction: an assignment is news to the team it goes to. */
    void onAlertChanged(@Observes AlertChanged change) {
        if (change.to() != AlertStatus.ASSIGNED || change.teamId() == null) {
            return;
        }
        String kind;
        if (change.from() == AlertStatus.QUALIFIED) {
            kind = "NEW";
        } else {
            // An agent's own step back (e.g. "can't fix: waiting for material") is not news to anyone.
            StaffUser actor = change.actorId() == null ? null : StaffUser.findById(change.actorId());
            if (actor != null && actor.hasRole(Role.AGENT)) {
                return;
            }
            kind = "REASSIGNED";
        }
        lockTeam(change.teamId());
        em.createNativeQuery("INSERT INTO field_event (team_id, alert_id, agent_id, kind) VALUES (:t, :a, :g, :k)")
                .setParameter("t", change.teamId()).setParameter("a", change.alertId())
                .setParameter("g", change.agentId()).setParameter("k", kind).executeUpdate();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertChanged change) {
        if (change.to() == AlertStatus.ASSIGNED) {
            wake();
        }
    }

    private void wake() {
        synchronized (arrived) {
            arrived.notifyAll();
        }
    }

    /** Waits at most {@code millis} for an event written by this replica (others are seen at the next look). */
    public void await(long millis) throws InterruptedException {
        if (millis <= 0) {
            return;
        }
        synchronized (arrived) {
            arrived.wait(millis);
        }
    }

    private void lockTeam(long teamId) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:ns, CAST(:t AS integer))")
                .setParameter("ns", LOCK_NAMESPACE).setParameter("t", teamId).getSingleResult();
    }

    /** Registers (or refreshes) a tablet for its agent and team; answers the cursor to start from. */
    @Transactional
    public FieldDevice register(String deviceId, StaffUser agent, String platform, String appVersion) {
        em.createNativeQuery("""
                INSERT INTO field_device (device_id, agent_id, team_id, platform, app_version)
                VALUES (:d, :a, :t, :p, :v)
                ON CONFLICT (device_id) DO UPDATE SET agent_id = EXCLUDED.agent_id, team_id = EXCLUDED.team_id,
                    platform = EXCLUDED.platform, app_version = EXCLUDED.app_version, last_seen_at = now()
                """).setParameter("d", deviceId).setParameter("a", agent.id).setParameter("t", agent.teamId())
                .setParameter("p", platform).setParameter("v", appVersion).executeUpdate();
        return new FieldDevice(deviceId, agent.id, agent.teamId(), head(agent.teamId()));
    }

    /** The team's latest event id (0 when none): where a tablet that knows nothing yet starts. */
    @Transactional
    public long head(long teamId) {
        Object max = em.createNativeQuery("SELECT coalesce(max(id), 0) FROM field_event WHERE team_id = :t")
                .setParameter("t", teamId).getSingleResult();
        return ((Number) max).longValue();
    }

    /** A poll heard from a registered tablet of this agent. */
    @Transactional
    public void seen(String deviceId, long agentId) {
        em.createNativeQuery("UPDATE field_device SET last_seen_at = now() WHERE device_id = :d AND agent_id = :a")
                .setParameter("d", deviceId).setParameter("a", agentId).executeUpdate();
    }

    /**
     * The team's events after the cursor, oldest first, after writing the OVERDUE ones now due (once
     * per alert and deadline, whichever replica notices first).
     */
    @Transactional
    public List<FieldEvent> since(long teamId, long after, int limit) {
        boolean overdueNew = (Boolean) em.createNativeQuery("""
                SELECT EXISTS (SELECT 1 FROM alert a WHERE a.team_id = :t AND a.status IN ('ASSIGNED', 'IN_PROGRESS')
                    AND a.due_at < now() AND NOT EXISTS (SELECT 1 FROM field_event e WHERE e.kind = 'OVERDUE'
                        AND e.alert_id = a.id AND e.team_id = a.team_id AND e.due_at = a.due_at))
                """).setParameter("t", teamId).getSingleResult();
        if (overdueNew) {
            lockTeam(teamId);
            em.createNativeQuery("""
                    INSERT INTO field_event (team_id, alert_id, agent_id, kind, due_at)
                    SELECT a.team_id, a.id, a.agent_id, 'OVERDUE', a.due_at FROM alert a
                    WHERE a.team_id = :t AND a.status IN ('ASSIGNED', 'IN_PROGRESS') AND a.due_at < now()
                    ORDER BY a.due_at, a.id
                    ON CONFLICT (alert_id, team_id, due_at) WHERE kind = 'OVERDUE' DO NOTHING
                    """).setParameter("t", teamId).executeUpdate();
        }
        return Row.list(em.createNativeQuery("""
                SELECT e.id, e.kind, e.alert_id, e.agent_id, e.created_at, c.label AS category, a.address,
                       a.due_at, a.status
                FROM field_event e JOIN alert a ON a.id = e.alert_id JOIN category c ON c.id = a.category_id
                WHERE e.team_id = :t AND e.id > :after
                ORDER BY e.id LIMIT :limit
                """, Tuple.class).setParameter("t", teamId).setParameter("after", after).setParameter("limit", limit))
                .stream().map(r -> new FieldEvent(r.number("id"), r.text("kind"), r.number("alert_id"), r.id("agent_id"),
                        r.instant("created_at"), r.text("category"), r.text("address"), r.instant("due_at"), r.text("status")))
                .toList();
    }
}
