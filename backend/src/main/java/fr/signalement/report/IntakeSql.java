package fr.signalement.report;

import fr.signalement.alert.AlertSql;
import fr.signalement.catalog.CatalogSql;
import fr.signalement.geo.GeoSql;

/**
 * The intake's SQL text. Plain strings: the benchmark ({@code bench/Bench.java}) runs this very
 * text as the raw-SQL side of the intake.
 */
public final class IntakeSql {
    private IntakeSql() {
    }

    /**
     * Everything a report needs to know before it is stored, in one round trip: where the point
     * lies ({@link GeoSql#LOCATE}), its commune and territory ({@link GeoSql#COMMUNE}), the
     * category by code, and the service competent for it there
     * ({@link CatalogSql#competentServiceId}) with its opening hours when it counts working hours
     * ({@link AlertSql#OPENING_HOURS}).
     * One row, always: the category's and commune's columns are null when there is none.
     */
    public static final String TARGET = "WITH loc AS (\n" + GeoSql.LOCATE + ")\n" + """
            SELECT loc.*,
                   cm.name, cm.siren, cm.territory_name, cm.kind, cm.territory_siren, cm.calendar, cm.primary_color,
                   cm.accent_color, cm.logo_url, cm.host,
                   c.id AS category_id, c.code AS category_code, c.label AS category_label, c.enabled AS category_enabled,
                   c.territory AS category_territory, c.competence AS category_competence, c.deadline_hours,
                   c.dedup_radius_m,
                   s.id AS service_id, s.name AS service_name, s.email AS service_email, s.phone AS service_phone,
                   s.postal_address AS service_postal_address, s.deadline_mode,
                   CASE WHEN s.deadline_mode = 'WORKING' THEN""" + AlertSql.OPENING_HOURS + """
                   END AS working_hours
            FROM loc
            LEFT JOIN LATERAL (""" + GeoSql.COMMUNE + """
                               WHERE c.insee_code = loc.insee_code) cm ON true
            LEFT JOIN category c ON c.code = :code
            LEFT JOIN service s ON s.id =\s""" + CatalogSql.competentServiceId("loc.insee_code") + "\n";
}
