package fr.signalement.open311;

import fr.signalement.alert.AlertStatus;
import fr.signalement.alert.RejectReason;

/**
 * The status values of mySociety's GeoReport extension (servicerequestupdates), which FixMyStreet
 * and open311-adapter read: lower case, words joined by underscores. GeoReport v2 itself knows only
 * {@code open} and {@code closed}, and clients show {@code closed} as "fixed": a rejected or
 * forwarded alert must say what happened instead.
 */
public enum ExtendedStatus {
    OPEN, INVESTIGATING, ACTION_SCHEDULED, IN_PROGRESS, FIXED, CLOSED, DUPLICATE, NOT_COUNCILS_RESPONSIBILITY,
    NO_FURTHER_ACTION, INTERNAL_REFERRAL;

    /** As written on the wire. */
    public String wire() {
        return name().toLowerCase();
    }

    /**
     * Where an alert stands, in the extension's words.
     *
     * @param rejectReason the reason of a rejection (null otherwise)
     * @param reopened     the step is a reporter's "not fixed" (the alert is open again)
     */
    public static ExtendedStatus of(AlertStatus status, String rejectReason, boolean reopened) {
        if (reopened) {
            return OPEN;
        }
        return switch (status) {
            case NEW -> OPEN;
            case QUALIFIED -> INVESTIGATING;
            case ASSIGNED -> ACTION_SCHEDULED;
            case IN_PROGRESS -> IN_PROGRESS;
            // An alert is closed only once resolved and not reopened within the reopen window.
            case RESOLVED, CLOSED -> FIXED;
            case REJECTED -> rejected(rejectReason);
            // CRPA L.114-2: sent on to the competent authority, which handles it.
            case FORWARDED -> INTERNAL_REFERRAL;
        };
    }

    private static ExtendedStatus rejected(String reason) {
        if (reason == null) {
            return NO_FURTHER_ACTION;
        }
        try {
            return switch (RejectReason.valueOf(reason)) {
                case NOT_COMPETENT -> NOT_COUNCILS_RESPONSIBILITY;
                case DUPLICATE -> DUPLICATE;
                case NOT_A_PROBLEM, CANNOT_ACT -> NO_FURTHER_ACTION;
            };
        } catch (IllegalArgumentException e) {
            return NO_FURTHER_ACTION;
        }
    }
}
