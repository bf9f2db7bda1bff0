package fr.signalement.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement of the product's SQL constants (named parameters, {@code :name}, as the
 * EntityManager takes them) made ready for plain JDBC: each {@code :name} becomes a {@code ?},
 * bound by name. For the hot path that binds JDBC itself (a report's arrival) and for the bench,
 * which runs the same statements. Only {@code java.sql}: it loads without the rest of the backend.
 */
public final class NamedSql {
    /** A parameter: a colon not part of a {@code ::} cast, then a name. */
    private static final Pattern PARAM = Pattern.compile("(?<![:\\w]):([a-zA-Z]\\w*)");

    private final String jdbc;
    private final List<String> names = new ArrayList<>();

    public NamedSql(String named) {
        Matcher m = PARAM.matcher(named);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(b, "?");
        }
        m.appendTail(b);
        jdbc = b.toString();
    }

    /**
     * The statement with its parameters bound from name/value pairs; every name must be given
     * (a null value is bound as an untyped null: the SQL casts where PostgreSQL needs a type).
     */
    public PreparedStatement prepare(Connection c, Object... nameValues) throws SQLException {
        PreparedStatement ps = c.prepareStatement(jdbc);
        try {
            for (int i = 0; i < names.size(); i++) {
                ps.setObject(i + 1, jdbcValue(value(names.get(i), nameValues)));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static Object value(String name, Object[] nameValues) {
        for (int i = 0; i < nameValues.length; i += 2) {
            if (name.equals(nameValues[i])) {
                return nameValues[i + 1];
            }
        }
        throw new IllegalArgumentException("No value for :" + name);
    }

    /** An instant goes as a timestamptz (the driver's type for it), so it stays one in interval arithmetic. */
    private static Object jdbcValue(Object v) {
        return v instanceof Instant t ? OffsetDateTime.ofInstant(t, ZoneOffset.UTC) : v;
    }

    /** The statement with SQL expressions in place of its parameters (for PL/pgSQL loops and EXPLAIN). */
    public static String inline(String named, Map<String, String> expressions) {
        return PARAM.matcher(named).replaceAll(m -> Matcher.quoteReplacement(expressions.getOrDefault(m.group(1), m.group())));
    }
}
