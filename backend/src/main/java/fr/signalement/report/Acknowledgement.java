package fr.signalement.report;

import java.time.Instant;

/**
 * The acknowledgement of receipt French administrations owe for every electronic submission
 * (CRPA L.112-11): when it was received, which service handles it and how to reach it.
 */
public record Acknowledgement(String trackingNumber, Instant receivedAt, String status, String statusLabel,
                              CategoryRef category, ServiceContact service, Instant dueAt, long alertId,
                              boolean joinedExistingAlert, int reportCount, String quartier, String address,
                              String followToken, String followUrl) {
    public record CategoryRef(String code, String label) {
    }

    public record ServiceContact(String name, String email, String phone, String address) {
    }
}
