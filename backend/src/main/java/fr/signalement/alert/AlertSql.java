package fr.signalement.alert;

import fr.signalement.geo.GeoSql;

import java.util.TreeSet;

/**
 * The SQL of the alert's life, in one place: run by {@link Merging} and {@link AlertQueries}
 * through the EntityManager, by {@link Joining} and {@link Timeline} (the hot path) through
 * {@code common.NamedSql} on plain JDBC, and timed as it is by the benchmark ({@code bench/Bench.java}
 * reads these constants). Named parameters ({@code :name}).
 * Plain strings and arithmetic only: this class must load without the rest of the backend.
 */
public final class AlertSql {
    private AlertSql() {
    }

    /** {@link AlertStatus#OPEN} as SQL, matching the partial index on open alerts. */
    public static final String OPEN = "('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS')";

    /**
     * A service's opening windows as text, "isoDay opens closes" separated by commas, for
     * {@link Deadlines#windows}: an SQL expression over the service row {@code s}.
     */
    public static final String OPENING_HOURS = """
            (SELECT string_agg(h.iso_day || ' ' || h.opens_at || ' ' || h.closes_at, ',' ORDER BY h.iso_day, h.opens_at)
             FROM service_hours h WHERE h.service_id = s.id)""";

    // --- a report's arrival (Joining), in the order it runs

    /** Serialises retries that carry the same idempotency key (counted: a void column does not map). */
    public static final String LOCK_IDEMPOTENCY_KEY = "SELECT count(pg_advisory_xact_lock(hashtextextended(:key, 0)))";
    public static final String REPORT_WITH_KEY = "SELECT 1 FROM report WHERE idempotency_key = :key";

    /** The grid cells of {@link #cellKeys}, locked for the category (comma-separated keys). */
    public static final String LOCK_CELLS = """
            SELECT count(pg_advisory_xact_lock(CAST(:category AS int), k))
            FROM unnest(CAST(string_to_array(:cells, ',') AS int[])) AS k
            """;

    /**
     * The nearest open alert of the category within its merge radius handled by the same competent
     * service, locked for update: across a commune border a report joins when one service (the
     * EPCI's) is competent on both sides, never when each commune's own service is.
     */
    public static final String MATCHING_ALERT = """
            SELECT id FROM alert
            WHERE category_id = :category AND service_id = :service AND status IN """ + OPEN + """
              AND ST_DWithin(geography(position), geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)), :radius)
            ORDER BY geography(position) <-> geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326))
            LIMIT 1
            FOR UPDATE
            """;

    /** A "me too" names its alert: it must still be open. */
    public static final String LOCK_ALERT_STATUS = "SELECT status FROM alert WHERE id = :alert FOR UPDATE";

    public static final String JOIN_ALERT = """
            UPDATE alert SET report_count = report_count + 1, last_report_at = greatest(last_report_at, :at),
                             updated_at = :at
            WHERE id = :alert RETURNING status, report_count, due_at
            """;

    /**
     * Who handles an alert: the category names the service; the position's sector names the team,
     * preferring a team of that service covering the sector, else its commune-wide team. A scalar
     * subquery of {@code :service} and {@code :sector}.
     */
    public static final String ROUTED_TEAM = """
            (SELECT t.id FROM team t
             WHERE t.service_id = :service
               AND (EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = CAST(:sector AS text))
                    OR NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id))
             ORDER BY NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = CAST(:sector AS text)), t.id
             LIMIT 1)""";

    public static final String OPEN_ALERT = """
            INSERT INTO alert (category_id, service_id, status, position, quartier_code, sector_code, address,
                               report_count, first_report_at, last_report_at, due_at, created_at, updated_at,
                               channel, insee_code, team_id)
            VALUES (:category, :service, 'NEW', ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), CAST(:quartier AS text),
                    CAST(:sector AS text), CAST(:address AS text),
                    1, :at, :at, :due, :at, :at, :channel, CAST(:insee AS text), """ + ROUTED_TEAM + """
            ) RETURNING id
            """;

    public static final String ADD_REPORT = """
            INSERT INTO report (tracking_number, alert_id, category_id, position, accuracy_m, description,
                                contact_email, channel, received_at, due_at, quartier_code, address, support,
                                idempotency_key, request_hash, insee_code)
            VALUES ('SIG-' || :year || '-' || lpad(CAST(nextval('report_tracking_seq') AS text), 6, '0'), :alert,
                    :category, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), CAST(:accuracy AS float8), CAST(:description AS text),
                    CAST(:email AS text), :channel, :at, :due, CAST(:quartier AS text), CAST(:address AS text), :support,
                    CAST(:key AS uuid), CAST(:hash AS text), CAST(:insee AS text))
            RETURNING id, tracking_number
            """;

    public static final String ADD_PHOTO = """
            INSERT INTO photo (report_id, alert_id, kind, storage_key, width, height, bytes, created_at)
            VALUES (:report, :alert, 'REPORT', :key, :width, :height, :bytes, :at)
            """;

    /**
     * The one way an alert's position is computed: the centre of the reports placed by their own
     * position ("me too" supports are counted, not averaged in, so nobody can drag an alert away).
     * Its quartier, sector and address follow the centre, found as intake finds a report's
     * ({@code GeoSql.LOCATE}); the team it was routed to stays.
     */
    public static final String RECENTRE = """
            UPDATE alert SET position = x.c, quartier_code = g.quartier_code, sector_code = g.sector_code,
                             address = nullif(g.address, '')
            FROM (SELECT ST_Centroid(ST_Collect(position)) AS c FROM report WHERE alert_id = :alert AND NOT support) x,
                 LATERAL (""" + GeoSql.LOCATE.replace(":lon", "ST_X(x.c)").replace(":lat", "ST_Y(x.c)") + """
            ) g
            WHERE alert.id = :alert AND x.c IS NOT NULL
            """;

    /** Retention (Timeline.eraseNotes): the steps keep their dates and statuses, not their text (JDBC, one array). */
    public static final String ERASE_NOTES = "UPDATE alert_event SET note = NULL WHERE alert_id = ANY (?) AND note IS NOT NULL";

    // --- moderation (Moderation): what the public may read of a report

    public static final String REPORT_TEXTS = """
            SELECT description, public_description FROM report WHERE id = :report AND alert_id = :alert
            """;
    public static final String PUBLISH_DESCRIPTION = """
            UPDATE report SET public_description = :text, description_published_at = :at WHERE id = :report
            """;
    public static final String WITHDRAW_DESCRIPTION = """
            UPDATE report SET public_description = NULL, description_published_at = NULL WHERE id = :report
            """;

    // --- a dispatcher's merge and split (Merging)

    /** Every report of one alert, and their photos, to another (merge). */
    public static final String MOVE_REPORTS = "UPDATE report SET alert_id = :to WHERE alert_id = :from";
    public static final String MOVE_PHOTOS = "UPDATE photo SET alert_id = :to WHERE alert_id = :from";

    /** One report, and its photos, to another alert (split). */
    public static final String MOVE_REPORT = "UPDATE report SET alert_id = :to WHERE id = :report";
    public static final String MOVE_REPORT_PHOTOS = "UPDATE photo SET alert_id = :to WHERE report_id = :report";

    /** The report being split out, if it belongs to the alert. */
    public static final String SPLIT_REPORT = """
            SELECT tracking_number, category_id, ST_Y(position) AS lat, ST_X(position) AS lon, received_at, insee_code
            FROM report WHERE id = :report AND alert_id = :alert
            """;

    /** The split report's own alert, opened as intake would have opened it (the service competent where it was made). */
    public static final String SPLIT_ALERT = """
            INSERT INTO alert (category_id, service_id, status, position, quartier_code, sector_code, address,
                               report_count, first_report_at, last_report_at, due_at, channel, insee_code, team_id)
            SELECT r.category_id, :service, 'NEW', r.position, r.quartier_code, CAST(:sector AS text), r.address, 1,
                   r.received_at, r.received_at, :due, r.channel, r.insee_code,
                   """ + ROUTED_TEAM + """
            FROM report r WHERE r.id = :report
            RETURNING id
            """;

    // --- forwarding to another organisation (open311/Forwarding), as the alert page shows it

    /** The alert's Open311 forwarding, if one was written: its state and the organisation it goes to. */
    public static final String FORWARDING = """
            SELECT s.name AS organisation, f.state, f.attempts, f.last_error, f.remote_id, f.remote_status,
                   f.next_at, f.sent_at
            FROM open311_forward f JOIN service s ON s.id = f.service_id
            WHERE f.alert_id = :alert
            """;

    /** The first and last report dates of an alert, from its reports (after one left). */
    public static final String REPORT_SPAN = """
            UPDATE alert SET first_report_at = x.first, last_report_at = x.last
            FROM (SELECT min(received_at) AS first, max(received_at) AS last FROM report WHERE alert_id = :alert) x
            WHERE id = :alert
            """;

    /** One step of the timeline ({@link Timeline}). */
    public static final String APPEND_STEP = """
            INSERT INTO alert_event (alert_id, at, type, actor, actor_id, from_status, to_status, note, reason,
                                     report_id, client_action_id, data)
            VALUES (:alert, :at, :type, :actor, CAST(:actorId AS bigint), CAST(:from AS text), CAST(:to AS text),
                    CAST(:note AS text), CAST(:reason AS text), CAST(:report AS bigint), CAST(:clientAction AS uuid),
                    CAST(:data AS jsonb))
            RETURNING id
            """;

    // --- agents' actions (FieldWork)

    /** An agent's action, with the fingerprint of what it did, under the device's id for it. */
    public static final String RECORD_FIELD_ACTION = """
            INSERT INTO field_action (client_action_id, alert_id, agent_id, fingerprint)
            VALUES (CAST(:id AS uuid), :alert, :agent, :fingerprint)
            """;

    // --- "already reported here"

    public static final String CATEGORY_GROUP = "SELECT group_label FROM category WHERE code = :code";

    /**
     * Where the public sees an alert: its position snapped to a grid of this many degrees (about
     * 110 m north–south, 75 m east–west here). An alert of one report stands at its reporter's exact
     * point, which can be their doorstep; a cell is enough to find a pothole, not a home.
     */
    public static final double PUBLIC_GRID_DEG = 0.001;

    /** An alert's public position ({@link #PUBLIC_GRID_DEG}); {@code alias} names the alert row. */
    public static String publicPosition(String alias) {
        return "ST_SnapToGrid(" + alias + ".position, " + PUBLIC_GRID_DEG + ")";
    }

    /**
     * The street an alert is on, without a house number: the public's address (the number of the
     * nearest house says whose door it is). Joined as {@code st} with {@code st.street} and {@code st.postcode}.
     */
    public static String publicStreet(String alias) {
        return "LEFT JOIN LATERAL (SELECT street, postcode FROM address ORDER BY geography(geom) <-> geography(" + alias
                + ".position) LIMIT 1) st ON true";
    }

    /**
     * Open alerts of the same category group around a point, nearest first ("already reported
     * here"), as the public may see them: the distance to the alert's public
     * position, its street, and the thumbnail of a published photo only. Found by the exact position.
     */
    public static final String NEARBY = """
            WITH pt AS (SELECT geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) AS g)
            SELECT a.id, ST_Distance(geography(""" + publicPosition("a") + """
            ), pt.g) AS distance_m, a.report_count, a.status,
                   ST_Y(""" + publicPosition("a") + """
            ) AS public_lat, ST_X(""" + publicPosition("a") + """
            ) AS public_lon,
                   c.code AS category_code, c.label AS category_label, st.street AS address, a.first_report_at,
                   (SELECT CAST(p.public_key AS text) FROM photo p
                     WHERE p.alert_id = a.id AND p.kind = 'REPORT' AND p.published_at IS NOT NULL
                     ORDER BY p.id LIMIT 1) AS photo_key
            FROM alert a JOIN category c ON c.id = a.category_id CROSS JOIN pt
            """ + publicStreet("a") + """

            WHERE a.status IN """ + OPEN + """
              AND ST_DWithin(geography(a.position), pt.g, :radius)
              AND (CAST(:grp AS text) IS NULL OR c.group_label = CAST(:grp AS text))
            ORDER BY geography(a.position) <-> pt.g
            LIMIT :limit
            """;

    /** Grid cell edge for the merge locks, in degrees (about 550 m north–south). */
    public static final double CELL_DEG = 0.005;

    /**
     * The lock keys of the grid cells covered by the square around the point whose half-side is the
     * radius. Two points within the radius of each other always share at least one cell. Sorted, so
     * transactions take them in one order and cannot deadlock.
     */
    public static TreeSet<Integer> cellKeys(double lat, double lon, double radiusM) {
        double dLat = radiusM / 111_320.0;
        double dLon = radiusM / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        TreeSet<Integer> keys = new TreeSet<>();
        for (long y = (long) Math.floor((lat - dLat) / CELL_DEG); y <= (long) Math.floor((lat + dLat) / CELL_DEG); y++) {
            for (long x = (long) Math.floor((lon - dLon) / CELL_DEG); x <= (long) Math.floor((lon + dLon) / CELL_DEG); x++) {
                keys.add((int) (y * 73_856_093L ^ x * 19_349_663L));
            }
        }
        return keys;
    }
}
