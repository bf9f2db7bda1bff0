package fr.signalement.notify;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Dispatchers' messages to reporters and how far their delivery got, read from their outbox rows. */
@ApplicationScoped
public class AlertMessages {
    @Inject
    AgroalDataSource dataSource;

    /**
     * A message and its delivery: to how many reporters it was addressed, how many e-mails are still
     * to go, went out, or could not be delivered (refused for good, address erased, over its cap).
     */
    public record MessageState(long id, Instant at, String author, String text, int recipients, int pending, int sent,
                               int failed) {
    }

    /** Records a message (in the caller's transaction); answers its id. */
    long create(long alertId, Long authorId, String text, int recipients) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO alert_message (alert_id, author_id, text, recipients) VALUES (?, ?, ?, ?) RETURNING id
                     """)) {
            ps.setLong(1, alertId);
            ps.setObject(2, authorId, Types.BIGINT);
            ps.setString(3, text);
            ps.setInt(4, recipients);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong("id");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a message", e);
        }
    }

    private static final String STATE_SQL = """
            SELECT m.id, m.created_at, u.username AS author, m.text, m.recipients,
                   count(o.id) FILTER (WHERE o.status = 'PENDING') AS pending,
                   count(o.id) FILTER (WHERE o.status = 'SENT') AS sent
            FROM alert_message m
            LEFT JOIN staff_user u ON u.id = m.author_id
            LEFT JOIN outbox o ON o.alert_message_id = m.id
            """;

    /** The messages of an alert, newest first. */
    public List<MessageState> ofAlert(long alertId) {
        return read(STATE_SQL + " WHERE m.alert_id = ? GROUP BY m.id, u.username ORDER BY m.id DESC", alertId);
    }

    public MessageState get(long messageId) {
        return read(STATE_SQL + " WHERE m.id = ? GROUP BY m.id, u.username", messageId).get(0);
    }

    private List<MessageState> read(String sql, long id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            List<MessageState> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int recipients = rs.getInt("recipients");
                    int pending = rs.getInt("pending");
                    int sent = rs.getInt("sent");
                    out.add(new MessageState(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                            rs.getString("author"), rs.getString("text"), recipients, pending, sent,
                            recipients - pending - sent));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read messages", e);
        }
    }
}
