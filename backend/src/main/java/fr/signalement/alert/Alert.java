package fr.signalement.alert;

import fr.signalement.catalog.Category;
import fr.signalement.catalog.Service;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.locationtech.jts.geom.Point;

import java.time.Instant;

/** One problem at one place: the unit of work of a service, however many citizens reported it. */
@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "category_id")
    public Category category;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "service_id")
    public Service service;
    @Enumerated(EnumType.STRING)
    public AlertStatus status;
    public Point position;
    @Column(name = "quartier_code")
    public String quartierCode;
    @Column(name = "sector_code")
    public String sectorCode;
    public String address;
    @Column(name = "report_count")
    public int reportCount;
    @Column(name = "first_report_at")
    public Instant firstReportAt;
    @Column(name = "last_report_at")
    public Instant lastReportAt;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    public long version;
    public String channel;
    @Column(name = "team_id")
    public Long teamId;
    @Column(name = "agent_id")
    public Long agentId;
    @Column(name = "qualified_at")
    public Instant qualifiedAt;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "reject_reason")
    public String rejectReason;
    @Column(name = "forwarded_to")
    public String forwardedTo;
    @Column(name = "merged_into_id")
    public Long mergedIntoId;
    @Column(name = "reopened_count")
    public int reopenedCount;
    @Column(name = "last_reopened_at")
    public Instant lastReopenedAt;
    @Column(name = "resolved_lat")
    public Double resolvedLat;
    @Column(name = "resolved_lon")
    public Double resolvedLon;
    @Column(name = "resolved_device_at")
    public Instant resolvedDeviceAt;
    @Column(name = "resolved_distance_m")
    public Double resolvedDistanceM;
    @Column(name = "resolved_distance_reason")
    public String resolvedDistanceReason;
    @Column(name = "resolved_accuracy_m")
    public Double resolvedAccuracyM;
    @Column(name = "resolved_fix_at")
    public Instant resolvedFixAt;
    @Column(name = "minutes_spent")
    public int minutesSpent;

    public double lat() {
        return position.getY();
    }

    public double lon() {
        return position.getX();
    }
}
