package fr.signalement.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.util.List;
import java.util.Optional;

/** What a citizen can report, with the promise made about it and the service in charge. */
@Entity
@Table(name = "category")
public class Category extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    public String label;
    @Column(name = "group_label")
    public String group;
    public boolean enabled;
    @Column(name = "deadline_hours")
    public int deadlineHours;
    @Column(name = "dedup_radius_m")
    public int dedupRadiusM;
    /** The pack (territory) that brought the category: offered only in its communes. */
    public String territory;
    /** Staff-only: the wording of the source taxonomy, markers and all. */
    @Column(name = "internal_label")
    public String internalLabel;
    /** COMMUNE or EPCI: which level is competent (catalog.Competence). */
    public String competence;
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "service_id")
    public Service service;

    public static Optional<Category> byCode(String code) {
        // One SELECT with the service joined, instead of the category then its EAGER service (N+1).
        return find("from Category c join fetch c.service where c.code = ?1", code).firstResultOptional();
    }

    /** What citizens may report today in a territory's communes. */
    public static List<Category> enabledIn(String territory) {
        return find("from Category c join fetch c.service where c.enabled = true and c.territory = ?1", territory).list();
    }

    /** What citizens may report today. */
    public static List<Category> enabled() {
        return list("enabled", true);
    }
}
