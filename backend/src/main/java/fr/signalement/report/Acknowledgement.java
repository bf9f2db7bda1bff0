package fr.signalement.report;

import java.time.Instant;

/**
 * The acknowledgement of receipt French administrations owe for every electronic submission
 * (CRPA L.112-11): when it was received, which service handles it and how to reach it, in which
 * commune, and whether the commune or its intercommunality (EPCI) is competent.
 */
public record Acknowledgement(String trackingNumber, Instant receivedAt, String status, String statusLabel,
                              CategoryRef category, ServiceContact service, Instant dueAt, long alertId,
                              boolean joinedExistingAlert, int reportCount, String quartier, String address,
                              String followToken, String followUrl, CommuneRef commune) {
    /**
     * @param competence COMMUNE or EPCI: who handles the problem
     * @param handledBy  the commune's or the EPCI's name, as the citizen reads it
     */
    public record CommuneRef(String inseeCode, String name, String competence, String handledBy) {
    }

    public record CategoryRef(String code, String label) {
    }

    public record ServiceContact(String name, String email, String phone, String address) {
    }
}
