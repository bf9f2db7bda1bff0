package fr.signalement.catalog;

/** The catalogue's SQL text. */
public final class CatalogSql {
    private CatalogSql() {
    }

    /**
     * The service competent for a category in a commune: the commune's own for a communal-competence
     * category of an EPCI pack ({@code category_service}), else the category's service (the EPCI's,
     * or the single commune's). An SQL expression over the category row {@code c}, for a commune
     * given as the SQL expression {@code insee} (a parameter, or a column of the caller's query).
     */
    public static String competentServiceId(String insee) {
        return "coalesce((SELECT cs.service_id FROM category_service cs WHERE cs.category_id = c.id AND cs.insee_code = "
                + insee + "), c.service_id)";
    }

    /** The competent service of a category (by id) in a commune (by INSEE code): see {@link #competentServiceId}. */
    public static final String COMPETENT_SERVICE = "SELECT " + competentServiceId("CAST(:insee AS text)")
            + " FROM category c WHERE c.id = :category";

    /**
     * How often each category was reported in a commune over the last 12 months (every report,
     * "me too" ones included: they are demand too), most frequent first. Served by
     * {@code report_insee_received_idx}.
     */
    public static final String FREQUENCY_IN_COMMUNE = """
            SELECT c.code, count(*) AS reports
            FROM report r JOIN category c ON c.id = r.category_id
            WHERE r.insee_code = :insee AND r.received_at >= now() - interval '12 months'
            GROUP BY c.code
            ORDER BY reports DESC, c.code
            """;
}
