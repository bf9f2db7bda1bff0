package fr.signalement.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** A dated step in an alert's life: who did what, from which status to which. */
@Entity
@Table(name = "alert_event")
public class AlertEvent extends PanacheEntityBase {
    /** The alert was opened by its first report. */
    public static final String CREATED = "CREATED";
    /** Another report joined the alert. */
    public static final String REPORT_ADDED = "REPORT_ADDED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "alert_id")
    public Long alertId;
    public Instant at;
    public String type;
    public String actor;
    @Column(name = "from_status")
    public String fromStatus;
    @Column(name = "to_status")
    public String toStatus;
    public String note;
    @Column(name = "report_id")
    public Long reportId;

    public static List<AlertEvent> timeline(long alertId) {
        return list("alertId = ?1 order by at, id", alertId);
    }
}
