package fr.signalement.alert;

import java.time.Instant;

/**
 * Fired inside the transaction that changed an alert's status (dispatch transitions, field
 * actions, reopening by a reporter, merges). The notifications observe it in that transaction and
 * write to the outbox (notify/Outbox), delivered after the commit.
 *
 * @param reason      for REJECTED: NOT_COMPETENT, NOT_A_PROBLEM, DUPLICATE or CANNOT_ACT
 * @param forwardedTo for FORWARDED: the authority now in charge
 * @param actor       display name of who did it ("citizen" for a reporter's reopening)
 */
public record AlertChanged(long alertId, AlertStatus from, AlertStatus to, String note, String reason,
                           String forwardedTo, Long teamId, Long agentId, Long actorId, String actor, Instant at) {
}
