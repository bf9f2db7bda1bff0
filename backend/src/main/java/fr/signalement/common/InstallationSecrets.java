package fr.signalement.common;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;

/**
 * Server-side secrets generated once per installation ({@code app_secret}): every backend process
 * reads the same value, so what one process signs another verifies. Read on its own connection,
 * never inside a request's transaction.
 */
@ApplicationScoped
public class InstallationSecrets {
    @Inject
    AgroalDataSource dataSource;

    /** The secret called {@code name}, created (32 random bytes) by the first process that asks. */
    public byte[] get(String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO app_secret (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING");
             PreparedStatement select = c.prepareStatement("SELECT value FROM app_secret WHERE name = ?")) {
            insert.setString(1, name);
            insert.setString(2, Base64.getEncoder().encodeToString(fresh));
            insert.executeUpdate();
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return Base64.getDecoder().decode(rs.getString("value"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the installation secret " + name, e);
        }
    }
}
