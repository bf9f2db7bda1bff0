package fr.signalement.dispatch;

/**
 * Who handles an alert: the category names the service; the position's sector names the team,
 * preferring a team of that service covering the sector, else its commune-wide team.
 */
public final class Routing {
    private Routing() {
    }

    /** A scalar subquery giving the team for the given SQL expressions of service id and sector code. */
    public static String teamSql(String service, String sector) {
        return """
                (SELECT t.id FROM team t
                 WHERE t.service_id = %1$s
                   AND (EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = %2$s)
                        OR NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id))
                 ORDER BY NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = %3$s), t.id
                 LIMIT 1)""".formatted(service, sector, sector);
    }
}
