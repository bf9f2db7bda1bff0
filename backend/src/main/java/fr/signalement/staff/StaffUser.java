package fr.signalement.staff;

import fr.signalement.catalog.Team;
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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A member of the commune's staff: every action they take is traced to them. */
@Entity
@Table(name = "staff_user")
public class StaffUser extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String username;
    @Column(name = "display_name")
    public String displayName;
    public String email;
    @Column(name = "password_hash")
    public String passwordHash;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] roles;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "team_id")
    public Team team;
    public boolean active = true;
    @Column(name = "failed_logins")
    public int failedLogins;
    @Column(name = "locked_until")
    public Instant lockedUntil;
    @Column(name = "last_failure_at")
    public Instant lastFailureAt;

    public boolean hasRole(String role) {
        return Arrays.asList(roles).contains(role);
    }

    public Long teamId() {
        return team == null ? null : team.id;
    }

    public static Optional<StaffUser> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** The communes this user is scoped to; empty: every commune. */
    @SuppressWarnings("unchecked")
    public List<String> communes() {
        return getEntityManager().createNativeQuery("SELECT insee_code FROM staff_commune WHERE user_id = :id ORDER BY insee_code", String.class)
                .setParameter("id", id).getResultList();
    }

    /** The services this user triages for (dispatchers). */
    @SuppressWarnings("unchecked")
    public List<Long> serviceIds() {
        return getEntityManager().createNativeQuery("SELECT service_id FROM staff_service WHERE user_id = :id ORDER BY service_id", Long.class)
                .setParameter("id", id).getResultList();
    }
}
