package fr.signalement.dispatch;

/**
 * Who handles an alert: the category names the service; the position's sector names the team,
 * preferring a team of that service covering the sector, else its commune-wide team.
 */
public final class Routing {
    /** Parameters: service id, sector code, sector code. */
    public static final String TEAM_SQL = """
            (SELECT t.id FROM team t
             WHERE t.service_id = ?
               AND (EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = ?)
                    OR NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id))
             ORDER BY NOT EXISTS (SELECT 1 FROM team_sector ts WHERE ts.team_id = t.id AND ts.sector_code = ?), t.id
             LIMIT 1)""";

    private Routing() {
    }
}
