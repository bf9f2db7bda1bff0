package fr.signalement.catalog;

import fr.signalement.audit.AuditLog;
import fr.signalement.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a town opens to reports and what it promises: categories (enabled, deadline, merge radius,
 * service in charge), services (contact shown in acknowledgements, deadline counting, staff
 * e-mails) and teams (the sectors they cover). Every change is audited with before and after,
 * in the name of the administrator who made it ({@code actorId}, {@code actor}).
 */
@ApplicationScoped
public class CatalogAdmin {
    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;

    public record CategoryChange(String label, Boolean enabled, Integer deadlineHours, Integer dedupRadiusM, Long serviceId) {
    }

    @Transactional
    public Category updateCategory(String code, CategoryChange change, Long actorId, String actor) {
        Category c = Category.byCode(code).orElseThrow(() -> ProblemException.notFound("Catégorie inconnue : « " + code + " »."));
        if (change == null) {
            throw ProblemException.badRequest(null, "Rien à modifier.");
        }
        Map<String, Object> before = category(c);
        if (change.label() != null) {
            c.label = nonBlank(change.label(), "label");
        }
        if (change.enabled() != null) {
            c.enabled = change.enabled();
        }
        if (change.deadlineHours() != null) {
            if (change.deadlineHours() < 1 || change.deadlineHours() > 24 * 365) {
                throw ProblemException.badRequest("deadlineHours", "Le délai s'exprime en heures, de 1 à 8760.");
            }
            c.deadlineHours = change.deadlineHours();
        }
        if (change.dedupRadiusM() != null) {
            if (change.dedupRadiusM() < 1 || change.dedupRadiusM() > 1000) {
                throw ProblemException.badRequest("dedupRadiusM", "Le rayon de regroupement va de 1 à 1000 mètres.");
            }
            c.dedupRadiusM = change.dedupRadiusM();
        }
        if (change.serviceId() != null) {
            c.service = Service.<Service>findByIdOptional(change.serviceId())
                    .orElseThrow(() -> ProblemException.unprocessable("serviceId", "Service inconnu : " + change.serviceId() + "."));
        }
        audit.record(actorId, actor, "category.update", "category:" + c.code, before, category(c));
        return c;
    }

    /**
     * What an administrator changes on a service; {@code open311Endpoint} (with its api key and
     * jurisdiction) makes forwarded alerts go to another organisation over Open311; an empty
     * endpoint stops it.
     */
    public record ServiceChange(String name, String email, String phone, String postalAddress, String deadlineMode,
                                String staffEmailMode, String open311Endpoint, String open311ApiKey,
                                String open311Jurisdiction) {
    }

    /** The service as changed, as administrators read it. */
    @Transactional
    public Map<String, Object> updateService(long id, ServiceChange change, Long actorId, String actor) {
        Service s = Service.<Service>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Service inconnu : " + id + "."));
        if (change == null) {
            throw ProblemException.badRequest(null, "Rien à modifier.");
        }
        Map<String, Object> before = service(s);
        if (change.name() != null) {
            s.name = nonBlank(change.name(), "name");
        }
        if (change.email() != null) {
            if (!change.email().matches("^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$")) {
                throw ProblemException.badRequest("email", "Adresse e-mail invalide.");
            }
            s.email = change.email();
        }
        if (change.phone() != null) {
            s.phone = nonBlank(change.phone(), "phone");
        }
        if (change.postalAddress() != null) {
            s.postalAddress = nonBlank(change.postalAddress(), "postalAddress");
        }
        if (change.deadlineMode() != null) {
            s.deadlineMode = oneOf(change.deadlineMode(), Set.of("CALENDAR", "WORKING"), "deadlineMode");
        }
        if (change.staffEmailMode() != null) {
            s.staffEmailMode = oneOf(change.staffEmailMode(), Set.of("INSTANT", "DIGEST"), "staffEmailMode");
        }
        if (change.open311Endpoint() != null) {
            String url = change.open311Endpoint().strip();
            if (url.isEmpty()) {
                s.open311Endpoint = null;
                s.open311ApiKey = null;
                s.open311Jurisdiction = null;
            } else {
                if (!url.matches("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")) {
                    throw ProblemException.badRequest("open311Endpoint",
                            "Adresse Open311 invalide : http(s)://…/open311/v2 attendu.");
                }
                s.open311Endpoint = url.replaceAll("/+$", "");
            }
        }
        if (change.open311ApiKey() != null) {
            s.open311ApiKey = change.open311ApiKey().isBlank() ? null : change.open311ApiKey().strip();
        }
        if (change.open311Jurisdiction() != null) {
            s.open311Jurisdiction = change.open311Jurisdiction().isBlank() ? null : change.open311Jurisdiction().strip();
        }
        audit.record(actorId, actor, "service.update", "service:" + s.id, before, service(s));
        return service(s);
    }

    public record NewTeam(Long serviceId, String name, List<String> sectors) {
    }

    /** The team created: id, serviceId, name, sectors. */
    @Transactional
    public Map<String, Object> createTeam(NewTeam team, Long actorId, String actor) {
        if (team == null || team.serviceId() == null) {
            throw ProblemException.badRequest("serviceId", "Le service de l'équipe (« serviceId ») est obligatoire.");
        }
        Service.<Service>findByIdOptional(team.serviceId())
                .orElseThrow(() -> ProblemException.unprocessable("serviceId", "Service inconnu : " + team.serviceId() + "."));
        String name = nonBlank(team.name(), "name");
        List<String> sectors = team.sectors() == null ? List.of() : team.sectors();
        @SuppressWarnings("unchecked")
        List<String> known = em.createNativeQuery("SELECT code FROM sector").getResultList();
        for (String sector : sectors) {
            if (!known.contains(sector)) {
                throw ProblemException.unprocessable("sectors", "Secteur inconnu : « " + sector + " ».");
            }
        }
        if (!em.createNativeQuery("SELECT 1 FROM team WHERE service_id = :s AND name = :n")
                .setParameter("s", team.serviceId()).setParameter("n", name).getResultList().isEmpty()) {
            throw ProblemException.conflict("Ce service a déjà une équipe « " + name + " ».");
        }
        long id = ((Number) em.createNativeQuery("INSERT INTO team (service_id, name) VALUES (:s, :n) RETURNING id")
                .setParameter("s", team.serviceId()).setParameter("n", name).getSingleResult()).longValue();
        for (String sector : sectors) {
            em.createNativeQuery("INSERT INTO team_sector (team_id, sector_code) VALUES (:t, :c)")
                    .setParameter("t", id).setParameter("c", sector).executeUpdate();
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("id", id);
        created.put("serviceId", team.serviceId());
        created.put("name", name);
        created.put("sectors", sectors);
        audit.record(actorId, actor, "team.create", "team:" + id, null, created);
        return created;
    }

    private static Map<String, Object> category(Category c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", c.label);
        m.put("enabled", c.enabled);
        m.put("deadlineHours", c.deadlineHours);
        m.put("dedupRadiusM", c.dedupRadiusM);
        m.put("serviceId", c.service.id);
        return m;
    }

    private static Map<String, Object> service(Service s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id);
        m.put("name", s.name);
        m.put("email", s.email);
        m.put("phone", s.phone);
        m.put("postalAddress", s.postalAddress);
        m.put("deadlineMode", s.deadlineMode);
        m.put("staffEmailMode", s.staffEmailMode);
        // The api key is a credential of the other organisation: whether one is set, never its value.
        m.put("open311Endpoint", s.open311Endpoint);
        m.put("open311Jurisdiction", s.open311Jurisdiction);
        m.put("open311ApiKeySet", s.open311ApiKey != null);
        return m;
    }

    private static String nonBlank(String s, String field) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest(field, "Le champ « " + field + " » ne peut pas être vide.");
        }
        return s.strip();
    }

    private static String oneOf(String value, Set<String> allowed, String field) {
        if (!allowed.contains(value)) {
            throw ProblemException.badRequest(field, "Valeurs possibles pour « " + field + " » : " + allowed + ".");
        }
        return value;
    }
}
