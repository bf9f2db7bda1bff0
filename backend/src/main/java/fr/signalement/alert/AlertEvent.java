package fr.signalement.alert;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A dated step in an alert's life: who did what, from which status to which. Written only by
 * {@link Timeline}.
 */
@Entity
@Table(name = "alert_event")
public class AlertEvent extends PanacheEntityBase {
    /** The alert was opened by its first report. */
    public static final String CREATED = "CREATED";
    /** Another report joined the alert. */
    public static final String REPORT_ADDED = "REPORT_ADDED";
    /** A status change made by staff (or by a reporter reopening). */
    public static final String TRANSITION = "TRANSITION";
    public static final String REOPENED = "REOPENED";
    public static final String MERGED = "MERGED";
    public static final String SPLIT = "SPLIT";
    /** Field work recorded by an agent, with its details in {@code data}. */
    public static final String FIELD_NOTE = "FIELD_NOTE";
    public static final String MEASUREMENT = "MEASUREMENT";
    public static final String MATERIAL = "MATERIAL";
    public static final String TIME_SPENT = "TIME_SPENT";
    public static final String AFTER_PHOTO = "AFTER_PHOTO";
    public static final String BEFORE_PHOTO = "BEFORE_PHOTO";
    /** An agent cannot fix it (data: {reason}, a {@link CantFix} code; note: its label and the agent's note). */
    public static final String CANT_FIX = "CANT_FIX";
    /** Staff published or withdrew a report's text or a photo (the text itself is not copied here). */
    public static final String MODERATION = "MODERATION";
    /** The system closed a resolved alert nobody reopened within the reopen window. */
    public static final String AUTO_CLOSED = "AUTO_CLOSED";
    /**
     * A reporter's comment sent through a client application (Open311 servicerequestupdates): their
     * words, for staff only, like the text of a report before moderation.
     */
    public static final String CITIZEN_UPDATE = "CITIZEN_UPDATE";
    /** A report arrived without the photo its sender pointed at (an Open311 media_url that failed); why, in the note. */
    public static final String PHOTO_MISSING = "PHOTO_MISSING";
    /**
     * A forwarded alert's progress at the organisation it went to (open311/Forwarding): sent there
     * under its number, then each status that organisation reports. The alert itself stays FORWARDED.
     */
    public static final String REMOTE_STATUS = "REMOTE_STATUS";
    /**
     * A dispatcher asked for a failed forwarding to be sent again (or its follow-up read again), once its
     * cause was fixed; who, in the actor and the note. For staff only: the reporters read what the other
     * organisation then answers, as {@link #REMOTE_STATUS} steps.
     */
    public static final String FORWARD_RETRY = "FORWARD_RETRY";

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
    @Column(name = "actor_id")
    public Long actorId;
    public String reason;
    @Column(name = "client_action_id")
    public UUID clientActionId;
    /** Details of the step as JSON (field measurements, the version a status change produced…). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String data;

    public static List<AlertEvent> timeline(long alertId) {
        return list("alertId = ?1 order by at, id", alertId);
    }

    /** The timelines of many alerts in one query, each in order. */
    public static java.util.Map<Long, List<AlertEvent>> timelines(java.util.Collection<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return java.util.Map.of();
        }
        return AlertEvent.<AlertEvent>list("alertId in ?1 order by at, id", alertIds).stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.alertId));
    }
}
