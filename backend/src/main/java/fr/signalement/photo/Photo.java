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

/** A stored photo: taken by a citizen with a report, or by an agent after the fix. */
@Entity
@Table(name = "photo")
public class Photo extends PanacheEntityBase {
    public static final String REPORT = "REPORT";
    public static final String AFTER = "AFTER";

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

    public String url() {
        return "/api/v1/photos/" + id;
    }

    public String thumbnailUrl() {
        return "/api/v1/photos/" + id + "/thumbnail";
    }
}
