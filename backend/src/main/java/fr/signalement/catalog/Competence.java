package fr.signalement.catalog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Who is competent for a category in a commune: see {@link CatalogSql#COMPETENT_SERVICE}. */
@ApplicationScoped
public class Competence {
    @Inject
    EntityManager em;

    public Service competentService(Category category, String inseeCode) {
        Number id = (Number) em.createNativeQuery(CatalogSql.COMPETENT_SERVICE)
                .setParameter("category", category.id).setParameter("insee", inseeCode).getSingleResult();
        return id.longValue() == category.service.id ? category.service : Service.findById(id.longValue());
    }
}
