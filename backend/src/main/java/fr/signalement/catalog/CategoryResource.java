package fr.signalement.catalog;

import jakarta.transaction.Transactional;
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

@Path("/api/v1/categories")
@Produces(MediaType.APPLICATION_JSON)
public class CategoryResource {
    private static final Collator FRENCH = Collator.getInstance(Locale.FRENCH);

    public record CategoryView(String code, String label, String group, int deadlineHours, int dedupRadiusM,
                               String serviceName) {
        public static CategoryView of(Category c) {
            return new CategoryView(c.code, c.label, c.group, c.deadlineHours, c.dedupRadiusM, c.service.name);
        }
    }

    public record Group(String group, List<CategoryView> categories) {
    }

    /** Enabled categories by group: towns only open what they can serve. */
    @GET
    @Transactional
    public List<Group> list() {
        List<Category> enabled = Category.enabled();
        Map<String, List<CategoryView>> byGroup = enabled.stream()
                .map(CategoryView::of)
                .sorted(Comparator.comparing(CategoryView::label, FRENCH))
                .collect(Collectors.groupingBy(CategoryView::group, () -> new TreeMap<>(FRENCH), Collectors.toList()));
        return byGroup.entrySet().stream().map(e -> new Group(e.getKey(), e.getValue())).toList();
    }
}
