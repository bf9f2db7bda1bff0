package fr.signalement.report;

import fr.signalement.alert.Alert;
import fr.signalement.catalog.Category;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.locationtech.jts.geom.Point;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What one citizen sent: kept as sent, attached to the alert it is about. */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "alert_id")
    public Alert alert;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "category_id")
    public Category category;
    public Point position;
    @Column(name = "accuracy_m")
    public Double accuracyM;
    public String description;
    @Column(name = "contact_email")
    public String contactEmail;
    public String channel;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "quartier_code")
    public String quartierCode;
    public String address;
    /** The commune the report was made in. */
    @Column(name = "insee_code")
    public String inseeCode;
    public boolean support;
    @Column(name = "idempotency_key")
    public UUID idempotencyKey;
    /** The fingerprint of the request that first used the key (see Intake). */
    @Column(name = "request_hash")
    public String requestHash;

    public static Optional<Report> byTrackingNumber(String trackingNumber) {
        return find("trackingNumber", trackingNumber).firstResultOptional();
    }

    public static Optional<Report> byIdempotencyKey(UUID key) {
        return find("idempotencyKey", key).firstResultOptional();
    }
}
