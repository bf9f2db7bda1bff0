package fr.signalement.report;

/**
 * Fired inside the intake transaction once a report is stored. The notifications observe it in that
 * transaction and write their e-mails to the outbox (notify/Outbox), so nothing is sent for a
 * report that was not kept and nothing is lost for one that was.
 *
 * @param openedAlert      the report opened a new alert (rather than joining one)
 * @param withContactEmail the citizen left an address: without one there is no acknowledgement to
 *                         write, and the notifications skip looking the reporter up (one query less
 *                         per report, on the hot path)
 */
public record ReportReceived(long reportId, long alertId, boolean openedAlert, boolean withContactEmail) {
}
