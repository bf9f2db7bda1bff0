package fr.signalement.photo;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A stored photo: taken by a citizen with a report, or by an agent after the fix. */
@Entity
@Table(name = "photo")
public class Photo extends PanacheEntityBase {
    public static final String REPORT = "REPORT";
    public static final String AFTER = "AFTER";
    /** An agent's photo before the work (staff-only). */
    public static final String BEFORE = "BEFORE";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "report_id")
    public Long reportId;
    @Column(name = "alert_id")
    public Long alertId;
    public String kind;
    @Column(name = "storage_key")
    public String storageKey;
    public int width;
    public int height;
    public int bytes;
    @Column(name = "created_at")
    public Instant createdAt;
    /** What URLs name the photo by: random, so photos cannot be enumerated (the id stays internal). */
    @Column(name = "public_key")
    public UUID publicKey = UUID.randomUUID();
    /** When staff published it; null: staff and its own reporter only. */
    @Column(name = "published_at")
    public Instant publishedAt;

    public static List<Photo> ofAlert(long alertId) {
        return list("alertId = ?1 order by id", alertId);
    }

    /** The photos of many alerts in one query, by alert, each in order. */
    public static java.util.Map<Long, List<Photo>> ofAlerts(java.util.Collection<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return java.util.Map.of();
        }
        return Photo.<Photo>list("alertId in ?1 order by id", alertIds).stream()
                .collect(java.util.stream.Collectors.groupingBy(p -> p.alertId));
    }

    public static Optional<Photo> byKey(UUID key) {
        return find("publicKey", key).firstResultOptional();
    }

    /** The blurred version shown to everyone but staff; null while "en cours d'anonymisation". */
    @Column(name = "public_storage_key")
    public String publicStorageKey;
    @Column(name = "anonymised_at")
    public Instant anonymisedAt;

    public boolean published() {
        return publishedAt != null;
    }

    /** The bare address: enough for a published photo, or for staff sending their token (the agents' app). */
    public String url() {
        return PhotoLinks.path(publicKey, false);
    }

    public String thumbnailUrl() {
        return PhotoLinks.path(publicKey, true);
    }
}
