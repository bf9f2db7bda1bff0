package fr.signalement.catalog;

import fr.signalement.common.ProblemException;
import fr.signalement.geo.Communes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What citizens can report in a commune: its territory's enabled categories, each with the service
 * competent there. Without {@code commune}, the commune shown by default (the first pack's).
 */
@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {
    private static final Collator FRENCH = Collator.getInstance(Locale.FRENCH);

    @Inject
    Communes communes;
    @Inject
    Competence competence;
    @Inject
    CategoryFrequency frequency;

    /**
     * @param serviceName the service competent in the commune asked for
     * @param competence  COMMUNE or EPCI: who handles it there
     * @param handledBy   the commune's or the EPCI's name
     * @param reportsLastYear reports of this category in the commune over the last 12 months: the
     *                        citizen app offers the most frequent first
     */
    public record CategoryView(String code, String label, String group, int deadlineHours, int dedupRadiusM,
                               String serviceName, String competence, String handledBy, int reportsLastYear) {
        /** A category as the catalogue holds it, outside any commune (its own service; nobody named). */
        public static CategoryView of(Category c) {
            return new CategoryView(c.code, c.label, c.group, c.deadlineHours, c.dedupRadiusM, c.service.name, c.competence, null, 0);
        }
    }

    public record Group(String group, List<CategoryView> categories) {
    }

    /** Enabled categories by group: towns only open what they can serve. */
    @GET
    @Transactional
    public List<Group> list(@Parameter(description = "A served commune's INSEE code") @QueryParam("commune") String inseeCode) {
        Communes.Commune commune = inseeCode != null && !inseeCode.isBlank()
                ? communes.byInsee(inseeCode.strip()).orElseThrow(() -> ProblemException.notFound(
                        "Aucune commune servie sous le code INSEE « " + inseeCode.strip() + " »."))
                : communes.fallback().orElse(null);
        List<Category> enabled = commune == null ? List.of() : Category.enabledIn(commune.territory());
        Map<String, Integer> reports = commune == null ? Map.of() : frequency.lastYear(commune.inseeCode());
        Map<String, List<CategoryView>> byGroup = enabled.stream()
                .map(c -> view(c, commune, reports.getOrDefault(c.code, 0)))
                .sorted(Comparator.comparing(CategoryView::label, FRENCH))
                .collect(Collectors.groupingBy(CategoryView::group, () -> new TreeMap<>(FRENCH), Collectors.toList()));
        return byGroup.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue())).toList();
    }

    private CategoryView view(Category c, Communes.Commune commune, int reportsLastYear) {
        boolean epci = commune.inEpci() && "EPCI".equals(c.competence);
        // Only an EPCI's communes route categories per commune: a single commune's are their own service.
        String service = commune.inEpci() ? competence.competentService(c, commune.inseeCode()).name : c.service.name;
        return new CategoryView(c.code, c.label, c.group, c.deadlineHours, c.dedupRadiusM, service, epci ? "EPCI" : "COMMUNE",
                epci ? commune.territoryName() : commune.name(), reportsLastYear);
    }
}
