package fr.signalement.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories a commune's citizens report most: the citizen app offers them first, so most
 * people find theirs without browsing the groups. See {@link CatalogSql#FREQUENCY_IN_COMMUNE}.
 */
@ApplicationScoped
public class CategoryFrequency {
    @Inject
    EntityManager em;

    /** Category code → reports in the commune over the last 12 months, most frequent first (absent: none). */
    public Map<String, Integer> lastYear(String inseeCode) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(CatalogSql.FREQUENCY_IN_COMMUNE)
                .setParameter("insee", inseeCode).getResultList();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Object[] r : rows) {
            counts.put((String) r[0], ((Number) r[1]).intValue());
        }
        return counts;
    }
}
