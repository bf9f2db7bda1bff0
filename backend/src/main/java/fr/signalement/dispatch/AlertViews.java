package fr.signalement.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.photo.Photo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How staff see alerts: the queue's summaries and an alert's full page, read with SQL. */
@ApplicationScoped
public class AlertViews {
    @Inject
    EntityManager em;
    @Inject
    ObjectMapper json;

    public record Ref(long id, String name) {
    }

    public record CategoryRef(String code, String label, String group) {
    }

    public record QuartierRef(String code, String name) {
    }

    public record Summary(long id, long version, String status, String statusLabel, CategoryRef category, Ref service,
                          Ref team, Ref agent, double lat, double lon, String address, QuartierRef quartier,
                          String channel, int reportCount, Instant firstReportAt, Instant lastReportAt, Instant dueAt,
                          String dueStatus, int reopenedCount, String thumbnailUrl) {
    }

    public record Page(long total, List<Summary> items) {
    }

    /** What the queue can be filtered by; null means any. */
    public record Filter(List<String> statuses, String categoryCode, Long serviceId, Long teamId, String quartier,
                         String channel, Integer minAgeHours, double[] bbox, Collection<Long> serviceScope,
                         Collection<Long> ids) {
    }

    private static final String SELECT = """
            SELECT a.id, a.version, a.status, c.code, c.label, c.group_label, s.id, s.name, t.id, t.name, u.id,
                   u.display_name, ST_Y(a.position), ST_X(a.position), a.address, q.code, q.name, a.channel,
                   a.report_count, a.first_report_at, a.last_report_at, a.due_at, c.deadline_hours, a.reopened_count,
                   (SELECT min(p.id) FROM photo p WHERE p.alert_id = a.id AND p.kind = 'REPORT'),
                   count(*) OVER ()
            FROM alert a
            JOIN category c ON c.id = a.category_id
            JOIN service s ON s.id = a.service_id
            LEFT JOIN team t ON t.id = a.team_id
            LEFT JOIN staff_user u ON u.id = a.agent_id
            LEFT JOIN quartier q ON q.code = a.quartier_code
            """;

    /** Most urgent first: reopened ("not fixed"), then overdue, then by due date. */
    public Page list(Filter f, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE true");
        Map<String, Object> params = new LinkedHashMap<>();
        if (f.statuses() != null && !f.statuses().isEmpty()) {
            where.append(" AND a.status IN (:statuses)");
            params.put("statuses", f.statuses());
        }
        if (f.categoryCode() != null) {
            where.append(" AND c.code = :category");
            params.put("category", f.categoryCode());
        }
        if (f.serviceId() != null) {
            where.append(" AND a.service_id = :service");
            params.put("service", f.serviceId());
        }
        if (f.teamId() != null) {
            where.append(" AND a.team_id = :team");
            params.put("team", f.teamId());
        }
        if (f.quartier() != null) {
            where.append(" AND a.quartier_code = :quartier");
            params.put("quartier", f.quartier());
        }
        if (f.channel() != null) {
            where.append(" AND a.channel = :channel");
            params.put("channel", f.channel());
        }
        if (f.minAgeHours() != null) {
            where.append(" AND a.first_report_at <= now() - make_interval(hours => :minAge)");
            params.put("minAge", f.minAgeHours());
        }
        if (f.bbox() != null) {
            where.append(" AND a.position && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4326)");
            params.put("x1", f.bbox()[0]);
            params.put("y1", f.bbox()[1]);
            params.put("x2", f.bbox()[2]);
            params.put("y2", f.bbox()[3]);
        }
        if (f.serviceScope() != null) {
            where.append(" AND a.service_id IN (:scope)");
            params.put("scope", f.serviceScope().isEmpty() ? List.of(-1L) : f.serviceScope());
        }
        if (f.ids() != null) {
            where.append(" AND a.id IN (:ids)");
            params.put("ids", f.ids().isEmpty() ? List.of(-1L) : f.ids());
        }
        Query q = em.createNativeQuery(SELECT + where + """
                 ORDER BY (a.last_reopened_at IS NOT NULL AND a.status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS')) DESC,
                          (a.due_at < now() AND a.status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS')) DESC,
                          a.due_at, a.id
                 LIMIT :limit OFFSET :offset
                """);
        params.forEach(q::setParameter);
        q.setParameter("limit", size).setParameter("offset", (long) page * size);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        long total = rows.isEmpty() ? 0 : ((Number) rows.get(0)[25]).longValue();
        return new Page(total, rows.stream().map(AlertViews::summary).toList());
    }

    public Summary summary(long id) {
        return list(new Filter(null, null, null, null, null, null, null, null, null, List.of(id)), 0, 1)
                .items().stream().findFirst().orElse(null);
    }

    static Summary summary(Object[] r) {
        AlertStatus status = AlertStatus.valueOf((String) r[2]);
        Instant due = instant(r[21]);
        Number photo = (Number) r[24];
        return new Summary(num(r[0]), num(r[1]), status.name(), status.label,
                new CategoryRef((String) r[3], (String) r[4], (String) r[5]),
                new Ref(num(r[6]), (String) r[7]),
                r[8] == null ? null : new Ref(num(r[8]), (String) r[9]),
                r[10] == null ? null : new Ref(num(r[10]), (String) r[11]),
                ((Number) r[12]).doubleValue(), ((Number) r[13]).doubleValue(), (String) r[14],
                r[15] == null ? null : new QuartierRef((String) r[15], (String) r[16]),
                (String) r[17], ((Number) r[18]).intValue(), instant(r[19]), instant(r[20]), due,
                dueStatus(status, due, ((Number) r[22]).intValue(), Instant.now()), ((Number) r[23]).intValue(),
                photo == null ? null : "/api/v1/photos/" + photo + "/thumbnail");
    }

    /**
     * OVERDUE past the deadline; DUE_SOON in its last quarter (at most the last 24 hours); only
     * for alerts still waiting for a fix.
     */
    public static String dueStatus(AlertStatus status, Instant due, int deadlineHours, Instant now) {
        if (!status.isOpen()) {
            return "ON_TIME";
        }
        if (now.isAfter(due)) {
            return "OVERDUE";
        }
        Duration warning = Duration.ofMinutes(Math.min(24 * 60L, deadlineHours * 60L / 4));
        return now.isAfter(due.minus(warning)) ? "DUE_SOON" : "ON_TIME";
    }

    // --- the alert page

    public record PhotoRef(long id, String url, String thumbnailUrl) {
        static PhotoRef of(Photo p) {
            return new PhotoRef(p.id, p.url(), p.thumbnailUrl());
        }
    }

    public record ReportView(long id, String trackingNumber, Instant receivedAt, String channel, String description,
                             String contactEmail, boolean support, List<PhotoRef> photos) {
    }

    public record Step(Instant at, String type, String actor, String from, String to, String note, String reason,
                       JsonNode data) {
    }

    public record Work(List<Map<String, Object>> notes, List<JsonNode> measurements, int minutesSpent,
                       List<JsonNode> materials) {
    }

    public record Detail(Summary alert, List<ReportView> reports, List<PhotoRef> afterPhotos, List<Step> timeline,
                         List<Summary> nearby, List<String> allowedTransitions, String rejectReason, String forwardedTo,
                         Long mergedIntoId, Work work) {
    }

    /** The full page. Reporters' e-mails only when {@code withContacts} (the caller audits the read). */
    public Detail detail(long id, boolean withContacts, Collection<Long> serviceScope) {
        Summary s = summary(id);
        if (s == null || (serviceScope != null && !serviceScope.contains(s.service().id()))) {
            return null;
        }
        Alert a = Alert.findById(id);
        List<Photo> photos = Photo.ofAlert(id);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, tracking_number, received_at, channel, description, contact_email, support
                FROM report WHERE alert_id = :id ORDER BY received_at, id
                """).setParameter("id", id).getResultList();
        List<ReportView> reports = new ArrayList<>();
        for (Object[] r : rows) {
            long reportId = num(r[0]);
            reports.add(new ReportView(reportId, (String) r[1], instant(r[2]), (String) r[3], (String) r[4],
                    withContacts ? (String) r[5] : null, (Boolean) r[6],
                    photos.stream().filter(p -> Long.valueOf(reportId).equals(p.reportId)).map(PhotoRef::of).toList()));
        }
        List<Step> timeline = AlertEvent.timeline(id).stream()
                .map(e -> new Step(e.at, e.type, e.actor, e.fromStatus, e.toStatus, e.note, e.reason, tree(e.data)))
                .toList();
        @SuppressWarnings("unchecked")
        List<Long> near = em.createNativeQuery("""
                SELECT o.id FROM alert o, alert a
                WHERE a.id = :id AND o.id <> a.id AND o.status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS')
                  AND ST_DWithin(geography(o.position), geography(a.position), 200)
                ORDER BY geography(o.position) <-> geography(a.position) LIMIT 10
                """, Long.class).setParameter("id", id).getResultList();
        List<Summary> nearby = near.isEmpty() ? List.of()
                : list(new Filter(null, null, null, null, null, null, null, null, null, near), 0, 10).items();
        return new Detail(s, reports,
                photos.stream().filter(p -> Photo.AFTER.equals(p.kind)).map(PhotoRef::of).toList(),
                timeline, nearby, Lifecycle.names(Lifecycle.allowedFrom(a.status)), a.rejectReason, a.forwardedTo,
                a.mergedIntoId, work(id, a.minutesSpent));
    }

    /** The field work recorded on an alert, from its timeline. */
    public Work work(long alertId, int minutesSpent) {
        List<Map<String, Object>> notes = new ArrayList<>();
        List<JsonNode> measurements = new ArrayList<>();
        List<JsonNode> materials = new ArrayList<>();
        for (AlertEvent e : AlertEvent.timeline(alertId)) {
            switch (e.type) {
                case AlertEvent.FIELD_NOTE -> {
                    Map<String, Object> n = new LinkedHashMap<>();
                    n.put("at", e.at);
                    n.put("actor", e.actor);
                    n.put("text", e.note);
                    notes.add(n);
                }
                case AlertEvent.MEASUREMENT -> measurements.add(tree(e.data));
                case AlertEvent.MATERIAL -> materials.add(tree(e.data));
                default -> { }
            }
        }
        return new Work(notes, measurements, minutesSpent, materials);
    }

    JsonNode tree(String data) {
        try {
            return data == null ? null : json.readTree(data);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static long num(Object o) {
        return ((Number) o).longValue();
    }

    static Instant instant(Object o) {
        return fr.signalement.common.Sql.instant(o);
    }
}
