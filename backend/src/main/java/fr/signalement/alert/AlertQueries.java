package fr.signalement.alert;

import fr.signalement.common.Row;
import fr.signalement.common.Time;
import fr.signalement.photo.PhotoLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The alert read model's SQL: the staff queue, an alert's reports, "already reported here", the
 * agents' work lists. Rows are read by column name into the records of {@link AlertViews}.
 */
@ApplicationScoped
public class AlertQueries {
    @Inject
    EntityManager em;
    @Inject
    PhotoLinks links;

    private static final String SUMMARY = """
            SELECT a.id, a.version, a.status, c.code AS category_code, c.label AS category_label,
                   c.group_label AS category_group, s.id AS service_id, s.name AS service_name,
                   t.id AS team_id, t.name AS team_name, u.id AS agent_id, u.display_name AS agent_name,
                   ST_Y(a.position) AS lat, ST_X(a.position) AS lon, a.address, q.code AS quartier_code,
                   q.name AS quartier_name, a.channel, a.report_count, a.first_report_at, a.last_report_at, a.due_at,
                   c.deadline_hours, a.reopened_count, a.insee_code, m.name AS commune_name,
                   (SELECT CAST(p.public_key AS text) FROM photo p WHERE p.alert_id = a.id AND p.kind = 'REPORT'
                     ORDER BY p.id LIMIT 1) AS photo_key,
                   count(*) OVER () AS total
            FROM alert a
            JOIN category c ON c.id = a.category_id
            JOIN service s ON s.id = a.service_id
            LEFT JOIN team t ON t.id = a.team_id
            LEFT JOIN staff_user u ON u.id = a.agent_id
            LEFT JOIN quartier q ON q.code = a.quartier_code
            LEFT JOIN commune m ON m.insee_code = a.insee_code
            """;

    /**
     * Most urgent first: reopened ("not fixed"), then overdue, then by due date. Starts on its own
     * line: a one-line text block loses its leading space, and the filters end right before it.
     */
    private static final String URGENCY = "\nORDER BY (a.last_reopened_at IS NOT NULL AND a.status IN " + AlertSql.OPEN + """
            ) DESC,
                      (a.due_at < now() AND a.status IN """ + AlertSql.OPEN + """
            ) DESC,
                      a.due_at, a.id
             LIMIT :limit OFFSET :offset
            """;

    /** The queue, filtered: one page of it (offset paging in SQL) and the total it is a page of. */
    public AlertViews.Page list(AlertViews.Filter f, int page, int size) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(f, params, true);
        Query q = em.createNativeQuery(SUMMARY + where + "\n" + URGENCY, Tuple.class);
        params.forEach(q::setParameter);
        q.setParameter("limit", size).setParameter("offset", (long) page * size);
        List<Row> rows = Row.list(q);
        long total = rows.isEmpty() ? (page == 0 ? 0 : count(f)) : rows.get(0).number("total");
        Instant now = Instant.now();
        return new AlertViews.Page(total, rows.stream().map(r -> summary(r, now)).toList(), page, size, null);
    }

    /** How many alerts the filter matches (a page past the end has no row to carry the total). */
    private long count(AlertViews.Filter f) {
        Map<String, Object> params = new LinkedHashMap<>();
        Query q = em.createNativeQuery("SELECT count(*) FROM alert a JOIN category c ON c.id = a.category_id" + where(f, params, true));
        params.forEach(q::setParameter);
        return ((Number) q.getSingleResult()).longValue();
    }

    /**
     * The queue's counts under a filter: alerts by status with every other filter applied (what each
     * choice of the status filter would show), and among the alerts the whole filter matches, how many
     * are overdue or due soon (same rule as {@link AlertViews#dueStatus}). One statement.
     */
    public AlertViews.Counts counts(AlertViews.Filter f) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(f, params, false);
        boolean anyStatus = f.statuses() == null || f.statuses().isEmpty();
        String open = "a.status IN " + AlertSql.OPEN;
        Query q = em.createNativeQuery("SELECT a.status, count(*) AS n,"
                + " count(*) FILTER (WHERE " + open + " AND a.due_at < now()) AS overdue,"
                + " count(*) FILTER (WHERE " + open + " AND a.due_at >= now()"
                + "   AND a.due_at - make_interval(mins => least(24 * 60, c.deadline_hours * 60 / 4)) < now()) AS due_soon"
                + " FROM alert a JOIN category c ON c.id = a.category_id" + where
                + " GROUP BY a.status", Tuple.class);
        params.forEach(q::setParameter);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (AlertStatus s : AlertStatus.values()) {
            byStatus.put(s.name(), 0L);
        }
        long overdue = 0, dueSoon = 0;
        for (Row r : Row.list(q)) {
            String status = r.text("status");
            byStatus.put(status, r.number("n"));
            if (anyStatus || f.statuses().contains(status)) {
                overdue += r.number("overdue");
                dueSoon += r.number("due_soon");
            }
        }
        return new AlertViews.Counts(byStatus, overdue, dueSoon);
    }

    /** The filter as SQL over {@code alert a} joined to {@code category c}; the status filter only if asked. */
    private static String where(AlertViews.Filter f, Map<String, Object> params, boolean withStatus) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (withStatus && f.statuses() != null && !f.statuses().isEmpty()) {
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
        if (f.communeScope() != null) {
            where.append(" AND a.insee_code IN (:communes)");
            params.put("communes", f.communeScope().isEmpty() ? List.of("-") : f.communeScope());
        }
        if (f.commune() != null) {
            where.append(" AND a.insee_code = :commune");
            params.put("commune", f.commune());
        }
        if (f.ids() != null) {
            where.append(" AND a.id IN (:ids)");
            params.put("ids", f.ids().isEmpty() ? List.of(-1L) : f.ids());
        }
        return where.toString();
    }

    private AlertViews.Summary summary(Row r, Instant now) {
        AlertStatus status = AlertStatus.valueOf(r.text("status"));
        Instant due = r.instant("due_at");
        String photo = r.text("photo_key");
        return new AlertViews.Summary(r.number("id"), r.number("version"), status.name(), status.label,
                new AlertViews.CategoryRef(r.text("category_code"), r.text("category_label"), r.text("category_group")),
                new AlertViews.Ref(r.number("service_id"), r.text("service_name")),
                r.id("team_id") == null ? null : new AlertViews.Ref(r.number("team_id"), r.text("team_name")),
                r.id("agent_id") == null ? null : new AlertViews.Ref(r.number("agent_id"), r.text("agent_name")),
                r.decimal("lat"), r.decimal("lon"), r.text("address"),
                r.text("quartier_code") == null ? null : new AlertViews.QuartierRef(r.text("quartier_code"), r.text("quartier_name")),
                r.text("channel"), r.integer("report_count"), r.instant("first_report_at"), r.instant("last_report_at"), due,
                AlertViews.dueStatus(status, due, r.integer("deadline_hours"), now), r.integer("reopened_count"),
                photo == null ? null : links.original(UUID.fromString(photo), true),
                r.text("insee_code") == null ? null : new AlertViews.CommuneRef(r.text("insee_code"), r.text("commune_name")),
                null);
    }

    /** A report of an alert as staff read it. */
    public record ReportRow(long id, String trackingNumber, Instant receivedAt, String channel, String description,
                            String publicDescription, String contactEmail, boolean support) {
    }

    public List<ReportRow> reports(long alertId) {
        return Row.list(em.createNativeQuery("""
                        SELECT id, tracking_number, received_at, channel, description, public_description,
                               contact_email, support
                        FROM report WHERE alert_id = :id ORDER BY received_at, id
                        """, Tuple.class).setParameter("id", alertId)).stream()
                .map(r -> new ReportRow(r.number("id"), r.text("tracking_number"), r.instant("received_at"),
                        r.text("channel"), r.text("description"), r.text("public_description"), r.text("contact_email"),
                        r.flag("support")))
                .toList();
    }

    /** The alert's forwarding to another organisation over Open311, null when there is none. */
    public AlertViews.Forwarding forwarding(long alertId) {
        return Row.first(em.createNativeQuery(AlertSql.FORWARDING, Tuple.class).setParameter("alert", alertId))
                .map(r -> new AlertViews.Forwarding(r.text("organisation"), r.text("state"), r.integer("attempts"),
                        r.text("last_error"), r.text("remote_id"), r.text("remote_status"),
                        r.text("remote_status") == null ? null : ForwardedProgress.statusWords(r.text("remote_status")),
                        r.instant("next_at"),
                        r.instant("sent_at")))
                .orElse(null);
    }

    /** Other open alerts within 200 m, nearest first, with their distance in metres: maybe the same problem, to merge. */
    public Map<Long, Double> openAround(long alertId) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (Row r : Row.list(em.createNativeQuery("""
                        SELECT o.id, ST_Distance(geography(o.position), geography(a.position)) AS distance_m
                        FROM alert o, alert a
                        WHERE a.id = :id AND o.id <> a.id AND o.status IN """ + AlertSql.OPEN + """
                          AND ST_DWithin(geography(o.position), geography(a.position), 200)
                        ORDER BY geography(o.position) <-> geography(a.position) LIMIT 10
                        """, Tuple.class).setParameter("id", alertId))) {
            out.put(r.number("id"), (double) Math.round(r.decimal("distance_m")));
        }
        return out;
    }

    /** The category group of a category code, if the code exists. */
    public java.util.Optional<String> categoryGroup(String categoryCode) {
        return Row.first(em.createNativeQuery(AlertSql.CATEGORY_GROUP, Tuple.class).setParameter("code", categoryCode))
                .map(r -> r.text("group_label"));
    }

    /** Open alerts near a point ("already reported here"), nearest first. */
    public List<AlertViews.Nearby> nearby(double lat, double lon, String group, double radiusM, int limit) {
        return Row.list(em.createNativeQuery(AlertSql.NEARBY, Tuple.class)
                        .setParameter("lat", lat).setParameter("lon", lon).setParameter("radius", radiusM)
                        .setParameter("grp", group).setParameter("limit", limit))
                .stream().map(r -> {
                    AlertStatus status = AlertStatus.valueOf(r.text("status"));
                    String photo = r.text("photo_key");
                    return new AlertViews.Nearby(r.number("id"), (double) Math.round(r.decimal("distance_m")),
                            r.integer("report_count"), status.name(), status.label,
                            new AlertViews.NearbyCategory(r.text("category_code"), r.text("category_label")),
                            r.text("address"), photo == null ? null : PhotoLinks.path(UUID.fromString(photo), true),
                            r.instant("first_report_at"), r.decimal("public_lat"), r.decimal("public_lon"));
                }).toList();
    }

    /** Where a page of a team's work starts: after this due date and id (keyset paging). */
    public record WorkKey(Instant dueAt, long id) {
    }

    /**
     * A page of a team's interventions, by due date: the statuses asked for among
     * {@link FieldWork#VISIBLE}, a resolved one only on the day it was resolved (the day's work
     * done). {@code only} narrows to one alert (is it visible to the team?). One statement.
     */
    public List<WorkKey> teamWork(Long teamId, double[] bbox, Collection<AlertStatus> statuses, WorkKey after, int limit,
                                  Long only) {
        for (AlertStatus s : statuses) {
            if (!FieldWork.VISIBLE.contains(s)) {
                throw new IllegalArgumentException("Agents do not see " + s);
            }
        }
        return Row.list(em.createNativeQuery("""
                        SELECT a.id, a.due_at FROM alert a
                        WHERE a.team_id = :team
                          AND a.status IN (:statuses)
                          AND (a.status <> 'RESOLVED'
                               OR a.resolved_at >= date_trunc('day', now() AT TIME ZONE :zone) AT TIME ZONE :zone)
                          AND (CAST(:x1 AS float8) IS NULL OR a.position && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4326))
                          AND (NOT CAST(:paged AS boolean) OR (a.due_at, a.id) > (CAST(:afterDue AS timestamptz), CAST(:afterId AS bigint)))
                          AND (CAST(:only AS bigint) IS NULL OR a.id = CAST(:only AS bigint))
                        ORDER BY a.due_at, a.id
                        LIMIT :limit
                        """, Tuple.class)
                        .setParameter("team", teamId == null ? -1L : teamId)
                        .setParameter("statuses", statuses.stream().map(Enum::name).toList())
                        .setParameter("zone", Time.ZONE.getId())
                        .setParameter("x1", bbox == null ? null : bbox[0]).setParameter("y1", bbox == null ? null : bbox[1])
                        .setParameter("x2", bbox == null ? null : bbox[2]).setParameter("y2", bbox == null ? null : bbox[3])
                        .setParameter("paged", after != null)
                        .setParameter("afterDue", after == null ? Instant.EPOCH : after.dueAt())
                        .setParameter("afterId", after == null ? 0L : after.id())
                        .setParameter("only", only)
                        .setParameter("limit", limit))
                .stream().map(r -> new WorkKey(r.instant("due_at"), r.number("id"))).toList();
    }

    /** What the agent's screen adds to the summary, for many alerts at once. */
    public record FieldExtras(Long teamId, Long agentId, int minutesSpent, String description) {
    }

    /** {@link FieldExtras} by alert id, the first description a reporter gave included. One statement. */
    public Map<Long, FieldExtras> fieldExtras(Collection<Long> ids) {
        Map<Long, FieldExtras> out = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Row r : Row.list(em.createNativeQuery("""
                        SELECT a.id, a.team_id, a.agent_id, a.minutes_spent,
                               (SELECT r.description FROM report r WHERE r.alert_id = a.id AND r.description IS NOT NULL
                                ORDER BY r.received_at, r.id LIMIT 1) AS description
                        FROM alert a WHERE a.id IN (:ids)
                        """, Tuple.class).setParameter("ids", ids))) {
            out.put(r.number("id"), new FieldExtras(r.id("team_id"), r.id("agent_id"), r.integer("minutes_spent"),
                    r.text("description")));
        }
        return out;
    }

    /** Metres between an alert and a point (the agent's position when resolving). */
    public double distanceM(long alertId, double lat, double lon) {
        return ((Number) em.createNativeQuery("""
                        SELECT ST_Distance(geography(position), geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)))
                        FROM alert WHERE id = :id
                        """).setParameter("lon", lon).setParameter("lat", lat).setParameter("id", alertId)
                .getSingleResult()).doubleValue();
    }

    /** Whether anyone other than {@code actorId} changed the alert after version {@code version}. */
    public boolean changedByOthersSince(long alertId, long version, long actorId) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM alert_event
                        WHERE alert_id = :a AND CAST(data ->> 'version' AS bigint) > :v AND actor_id IS DISTINCT FROM :me
                        """)
                .setParameter("a", alertId).setParameter("v", version).setParameter("me", actorId)
                .getSingleResult()).longValue() > 0;
    }

    /** The fingerprint of the field action recorded under this client id, if any. */
    public java.util.Optional<String> fieldActionFingerprint(java.util.UUID clientActionId) {
        return Row.first(em.createNativeQuery("SELECT fingerprint FROM field_action WHERE client_action_id = :c", Tuple.class)
                .setParameter("c", clientActionId)).map(r -> r.text("fingerprint"));
    }

    /** Whether a field action with this client id was already recorded. */
    public boolean recorded(java.util.UUID clientActionId) {
        return !em.createNativeQuery("SELECT 1 FROM alert_event WHERE client_action_id = :c")
                .setParameter("c", clientActionId).getResultList().isEmpty();
    }

    /** A step recorded under a client's own id for it, and the report it was about. */
    public record ClientStep(long eventId, Long reportId) {
    }

    /** The step recorded under this client id (a retried Open311 update's), if any. */
    public java.util.Optional<ClientStep> stepByClientAction(UUID clientActionId) {
        return Row.first(em.createNativeQuery("SELECT id, report_id FROM alert_event WHERE client_action_id = :c", Tuple.class)
                .setParameter("c", clientActionId)).map(r -> new ClientStep(r.number("id"), r.id("report_id")));
    }

    /**
     * Serialises, until the transaction ends, everyone sending the same retry key (the citizen
     * API's Idempotency-Key, a field action's id, an Open311 client's update id): the second finds
     * what the first stored instead of storing it again.
     */
    public void lockRetryKey(String key) {
        em.createNativeQuery(AlertSql.LOCK_IDEMPOTENCY_KEY).setParameter("key", key).getSingleResult();
    }
}
