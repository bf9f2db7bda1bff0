package fr.signalement.common;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Small conversions for native query results, whose timestamp type depends on the driver path. */
public final class Sql {
    private Sql() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        return (Instant) value;
    }
}
