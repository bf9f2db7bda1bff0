package fr.signalement.report;

/**
 * Fired inside the intake transaction once a report is stored. Observers that talk to the outside
 * world (acknowledgement e-mail, staff notification) use
 * {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} so nothing is sent for a report that
 * was not kept.
 *
 * @param openedAlert the report opened a new alert (rather than joining one)
 */
public record ReportReceived(long reportId, long alertId, boolean openedAlert) {
}
