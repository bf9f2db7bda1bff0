package fr.signalement.open311;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Open311 services: the enabled categories, with the service in charge and its announced deadline. */
@ApplicationScoped
public class Open311Services {
    private static final Collator FRENCH = Collator.getInstance(Locale.FRENCH);
    private static final Set<String> STOP_WORDS = Set.of("avec", "dans", "pour", "sans", "sous", "leur", "autre", "autres");

    @Inject
    AgroalDataSource dataSource;

    record Service(String code, String label, String group, String description, int deadlineHours, String serviceName) {
        /** The category's own description, else one made of what a client needs to know. */
        String describe() {
            return description != null && !description.isBlank() ? description
                    : label + " (" + group + ") — traité par " + serviceName + ", délai annoncé " + deadlineHours + " h.";
        }

        /** Words a client can search services by: those of the group and the label. */
        String keywords() {
            Set<String> words = new LinkedHashSet<>();
            for (String text : List.of(group, label)) {
                for (String w : text.toLowerCase(Locale.FRENCH).split("[^\\p{L}\\p{N}]+")) {
                    if (w.length() >= 4 && !STOP_WORDS.contains(w)) {
                        words.add(w);
                    }
                }
            }
            return String.join(", ", words);
        }
    }

    /**
     * Every enabled category of the jurisdiction's catalogue (all, without one), by group then label
     * in French order, each with the service competent there (a commune's own for a communal
     * competence of an EPCI; the category's service for the EPCI as a whole).
     */
    List<Service> enabled(Open311Jurisdictions.Jurisdiction j) {
        return query(null, j);
    }

    /** The enabled category with this code, in the jurisdiction's catalogue. */
    Optional<Service> enabled(String code, Open311Jurisdictions.Jurisdiction j) {
        return query(code, j).stream().findFirst();
    }

    private List<Service> query(String code, Open311Jurisdictions.Jurisdiction j) {
        String sql = """
                SELECT c.code, c.label, c.group_label, c.description, c.deadline_hours, s.name AS service_name
                FROM category c
                LEFT JOIN category_service cs ON cs.category_id = c.id AND cs.insee_code = ?
                JOIN service s ON s.id = coalesce(cs.service_id, c.service_id)
                WHERE c.enabled AND (CAST(? AS text) IS NULL OR c.territory = ?)""" + (code == null ? "" : " AND c.code = ?");
        List<Service> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, j == null ? null : j.inseeCode());
            ps.setString(2, j == null ? null : j.territory());
            ps.setString(3, j == null ? null : j.territory());
            if (code != null) {
                ps.setString(4, code);
            }
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                out.add(new Service(rs.getString("code"), rs.getString("label"), rs.getString("group_label"),
                        rs.getString("description"), rs.getInt("deadline_hours"), rs.getString("service_name")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the categories", e);
        }
        out.sort(Comparator.comparing(Service::group, FRENCH).thenComparing(Service::label, FRENCH));
        return out;
    }
}
