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

    public double lat() {
        return position.getY();
    }

    public double lon() {
        return position.getX();
    }
}
