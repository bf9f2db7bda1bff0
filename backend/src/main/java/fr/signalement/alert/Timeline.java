package fr.signalement.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.signalement.common.NamedSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of an alert's timeline ({@code alert_event}): every step of an alert's life,
 * whoever causes it (a report, a dispatcher, an agent, a reporter reopening), is written here, so
 * response times and the follow-up page read one consistent story.
 *
 * <pre>timeline.step(alertId, AlertEvent.TRANSITION, actor, at).status(from, to).note(n).write();</pre>
 */
@ApplicationScoped
public class Timeline {
    @Inject
    ObjectMapper json;
    @Inject
    AgroalDataSource dataSource;

    private static final NamedSql APPEND_STEP = new NamedSql(AlertSql.APPEND_STEP);

    /** Starts a step; nothing is written until {@link Step#write()}. */
    public Step step(long alertId, String type, Actor actor, Instant at) {
        return new Step(alertId, type, actor, at);
    }

    /**
     * Erases the free text of these alerts' steps (staff notes, field notes, messages to reporters),
     * keeping the dated steps response times are computed from. Retention's one way into the timeline.
     *
     * @return how many steps lost their note
     */
    public int eraseNotes(List<Long> alertIds) {
        if (alertIds.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(AlertSql.ERASE_NOTES)) {
            ps.setArray(1, c.createArrayOf("bigint", alertIds.toArray()));
            return ps.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot erase timeline notes", ex);
        }
    }

    /** One step being written: the details each kind of step carries, then {@link #write()}. */
    public final class Step {
        private final AlertEvent e = new AlertEvent();

        private Step(long alertId, String type, Actor actor, Instant at) {
            e.alertId = alertId;
            e.type = type;
            e.actor = actor.name();
            e.actorId = actor.id();
            e.at = at;
        }

        public Step status(AlertStatus from, AlertStatus to) {
            e.fromStatus = from == null ? null : from.name();
            e.toStatus = to == null ? null : to.name();
            return this;
        }

        public Step note(String note) {
            e.note = note == null || note.isBlank() ? null : note.strip();
            return this;
        }

        public Step reason(String reason) {
            e.reason = reason;
            return this;
        }

        /** The report that caused the step (its arrival, or its author reopening). */
        public Step report(Long reportId) {
            e.reportId = reportId;
            return this;
        }

        /** The field client's id of the action: a replay of it is recognised by this id. */
        public Step clientAction(UUID clientActionId) {
            e.clientActionId = clientActionId;
            return this;
        }

        /** Details of the step, stored as JSON (nulls left out by the caller). */
        public Step data(Map<String, Object> data) {
            try {
                e.data = data == null ? null : json.writeValueAsString(data);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
            return this;
        }

        /**
         * Writes the step in the caller's transaction (on its connection, which the EntityManager
         * shares); the returned event is a value, not a managed entity.
         */
        public AlertEvent write() {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = APPEND_STEP.prepare(c, "alert", e.alertId, "at", e.at, "type", e.type,
                         "actor", e.actor, "actorId", e.actorId, "from", e.fromStatus, "to", e.toStatus,
                         "note", e.note, "reason", e.reason, "report", e.reportId, "clientAction", e.clientActionId,
                         "data", e.data);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                e.id = rs.getLong("id");
                return e;
            } catch (SQLException ex) {
                throw new IllegalStateException("Cannot write the timeline of alert " + e.alertId, ex);
            }
        }
    }
}
