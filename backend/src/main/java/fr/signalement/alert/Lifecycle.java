package fr.signalement.alert;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import fr.signalement.staff.Role;
import fr.signalement.staff.StaffUser;
import fr.signalement.catalog.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static fr.signalement.alert.AlertStatus.ASSIGNED;
import static fr.signalement.alert.AlertStatus.CLOSED;
import static fr.signalement.alert.AlertStatus.FORWARDED;
import static fr.signalement.alert.AlertStatus.IN_PROGRESS;
import static fr.signalement.alert.AlertStatus.NEW;
import static fr.signalement.alert.AlertStatus.QUALIFIED;
import static fr.signalement.alert.AlertStatus.REJECTED;
import static fr.signalement.alert.AlertStatus.RESOLVED;

/**
 * The alert's state machine. Every change records who, when, from, to and why in the timeline
 * (response times are computed from it), bumps the alert's version, is audited, and is announced
 * to the notification observers.
 */
@ApplicationScoped
public class Lifecycle {
    static final Map<AlertStatus, Set<AlertStatus>> ALLOWED = new EnumMap<>(AlertStatus.class);

    static {
        ALLOWED.put(NEW, EnumSet.of(QUALIFIED, REJECTED, FORWARDED));
        ALLOWED.put(QUALIFIED, EnumSet.of(ASSIGNED, REJECTED, FORWARDED));
        ALLOWED.put(ASSIGNED, EnumSet.of(ASSIGNED, IN_PROGRESS, QUALIFIED, REJECTED, FORWARDED));
        ALLOWED.put(IN_PROGRESS, EnumSet.of(RESOLVED, ASSIGNED));
        ALLOWED.put(RESOLVED, EnumSet.of(CLOSED, QUALIFIED));
        ALLOWED.put(CLOSED, EnumSet.noneOf(AlertStatus.class));
        ALLOWED.put(REJECTED, EnumSet.noneOf(AlertStatus.class));
        ALLOWED.put(FORWARDED, EnumSet.noneOf(AlertStatus.class));
    }

    public static Set<AlertStatus> allowedFrom(AlertStatus from) {
        return ALLOWED.get(from);
    }

    /** A requested change of status. */
    public record Change(AlertStatus to, String note, Long teamId, Long agentId, String reason, String forwardedTo) {
    }

    @Inject
    AuditLog audit;
    @Inject
    Timeline timeline;
    @Inject
    Event<AlertChanged> changed;

    @Transactional(Transactional.TxType.MANDATORY)
    public Alert lock(long alertId) {
        Alert alert = Alert.findById(alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null) {
            throw ProblemException.notFound("Aucune alerte n° " + alertId + ".");
        }
        return alert;
    }

    /** Applies a change to a locked alert, now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AlertEvent apply(Alert alert, Change change, Actor actor, String eventType, UUID clientActionId, Long reportId) {
        return apply(alert, change, actor, eventType, clientActionId, reportId, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Applies a change to a locked alert.
     *
     * @param eventType       TRANSITION, or REOPENED for a reporter's "not fixed"
     * @param clientActionId  the field client's id for the action, or null
     * @param at              when it happened: now, except for a replayed history (demo data)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AlertEvent apply(Alert alert, Change change, Actor actor, String eventType, UUID clientActionId, Long reportId,
                            Instant at) {
        AlertStatus from = alert.status;
        AlertStatus to = change.to();
        if (to == null) {
            throw ProblemException.badRequest("to", "Le statut visé (« to ») est obligatoire.");
        }
        if (!ALLOWED.get(from).contains(to)) {
            throw new ProblemException(409, "Transition interdite",
                    "Une alerte « " + from.label + " » ne peut pas passer à « " + to.label + " »."
                            + (ALLOWED.get(from).isEmpty() ? " Elle est close." : ""), "to")
                    .with("current", from.name())
                    .with("allowed", ALLOWED.get(from).stream().map(Enum::name).toList());
        }
        Map<String, Object> before = snapshot(alert);
        String reason = null;
        switch (to) {
            case REJECTED -> {
                reason = change.reason();
                if (reason == null || Arrays.stream(RejectReason.values()).noneMatch(r -> r.name().equals(change.reason()))) {
                    throw ProblemException.unprocessable("reason",
                            "Motif de rejet obligatoire : NOT_COMPETENT, NOT_A_PROBLEM, DUPLICATE ou CANNOT_ACT.");
                }
                alert.rejectReason = reason;
            }
            case FORWARDED -> {
                if (change.forwardedTo() == null || change.forwardedTo().isBlank()) {
                    throw ProblemException.unprocessable("forwardedTo", "Nommez l'organisme auquel l'alerte est transmise.");
                }
                alert.forwardedTo = change.forwardedTo().strip();
            }
            case ASSIGNED -> assign(alert, change);
            case QUALIFIED -> {
                if (from == RESOLVED) {
                    // Reopened: it is not fixed, so it counts as open again.
                    alert.resolvedAt = null;
                    alert.reopenedCount++;
                    alert.lastReopenedAt = at;
                }
                if (from == ASSIGNED || from == RESOLVED) {
                    alert.agentId = null;
                }
            }
            default -> { }
        }
        alert.status = to;
        alert.version++;
        alert.updatedAt = at;
        switch (to) {
            case QUALIFIED -> alert.qualifiedAt = alert.qualifiedAt == null ? at : alert.qualifiedAt;
            case ASSIGNED -> alert.assignedAt = alert.assignedAt == null ? at : alert.assignedAt;
            case RESOLVED -> alert.resolvedAt = at;
            case CLOSED, REJECTED, FORWARDED -> alert.closedAt = at;
            default -> { }
        }
        AlertEvent e = timeline.step(alert.id, eventType, actor, at).status(from, to).note(change.note()).reason(reason)
                .clientAction(clientActionId).report(reportId).data(Map.of("version", alert.version)).write();
        audit.record(actor.id(), actor.name(), "alert." + eventType.toLowerCase(), "alert:" + alert.id, before, snapshot(alert));
        changed.fire(new AlertChanged(alert.id, from, to, e.note, reason, alert.forwardedTo, alert.teamId,
                alert.agentId, actor.id(), actor.name(), at));
        return e;
    }

    /**
     * Closes a resolved alert nobody reopened before {@code resolvedBefore} (the end of the reopen
     * window), as a step of its own ({@link AlertEvent#AUTO_CLOSED}, audited as "alert.auto_closed").
     * The row is locked and checked again, so two processes running the job close it once.
     *
     * @return whether this call closed it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean autoClose(long alertId, Instant resolvedBefore) {
        Alert alert = Alert.findById(alertId, LockModeType.PESSIMISTIC_WRITE);
        if (alert == null || alert.status != RESOLVED || alert.resolvedAt == null || !alert.resolvedAt.isBefore(resolvedBefore)) {
            return false;
        }
        apply(alert, new Change(CLOSED, "Clôturée automatiquement : personne n'a signalé que le problème persistait.",
                null, null, null, null), Actor.SYSTEM, AlertEvent.AUTO_CLOSED, null, null);
        return true;
    }

    private static void assign(Alert alert, Change change) {
        Long teamId = change.teamId();
        StaffUser agent = null;
        if (change.agentId() != null) {
            agent = StaffUser.findById(change.agentId());
            if (agent == null || !agent.hasRole(Role.AGENT) || !agent.active) {
                throw ProblemException.unprocessable("agentId", "Agent inconnu : " + change.agentId() + ".");
            }
            if (teamId != null && !teamId.equals(agent.teamId())) {
                throw ProblemException.unprocessable("agentId", "Cet agent n'appartient pas à l'équipe choisie.");
            }
            teamId = agent.teamId();
        }
        if (teamId == null) {
            teamId = alert.teamId;
        }
        if (teamId == null) {
            throw ProblemException.unprocessable("teamId", "Choisissez l'équipe à qui confier l'alerte.");
        }
        Team team = Team.findById(teamId);
        if (team == null) {
            throw ProblemException.unprocessable("teamId", "Équipe inconnue : " + teamId + ".");
        }
        // A dispatcher may hand the alert to another service's team: routing follows.
        alert.service = team.service;
        alert.teamId = team.id;
        alert.agentId = agent == null ? null : agent.id;
    }

    static Map<String, Object> snapshot(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", a.status.name());
        m.put("version", a.version);
        m.put("teamId", a.teamId);
        m.put("agentId", a.agentId);
        m.put("serviceId", a.service.id);
        m.put("reportCount", a.reportCount);
        return m;
    }

    static List<String> names(Set<AlertStatus> statuses) {
        return statuses.stream().map(Enum::name).toList();
    }
}
