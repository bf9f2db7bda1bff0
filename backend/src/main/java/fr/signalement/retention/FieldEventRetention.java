package fr.signalement.retention;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the agents' tablets were told (field_event) is only needed until every tablet has heard it,
 * and a tablet nobody has used for months is no longer a device of the commune: both go after a
 * configurable time (30 and 90 days by default). An OVERDUE row that still stands for a job overdue
 * today stays, since it is what keeps the tablets from being told again.
 */
@ApplicationScoped
public class FieldEventRetention {
    private static final Logger LOG = Logger.getLogger(FieldEventRetention.class);

    @Inject
    EntityManager em;
    @ConfigProperty(name = "signalement.retention.field-event-days", defaultValue = "30")
    int eventDays;
    @ConfigProperty(name = "signalement.retention.field-device-days", defaultValue = "90")
    int deviceDays;

    /** What one run removed. */
    public record Outcome(int events, int devices) {
    }

    public Outcome run() {
        Outcome outcome = QuarkusTransaction.requiringNew().call(() -> new Outcome(
                em.createNativeQuery(RetentionSql.DELETE_FIELD_EVENTS).setParameter("days", eventDays).executeUpdate(),
                em.createNativeQuery(RetentionSql.DELETE_FIELD_DEVICES).setParameter("days", deviceDays).executeUpdate()));
        LOG.infof("Field retention: %d tablet event(s) older than %d days, %d tablet(s) unheard for %d days removed",
                outcome.events(), eventDays, outcome.devices(), deviceDays);
        return outcome;
    }
}
