package fr.signalement.common;

import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of a native query, read by column name: a query may reorder or add columns without
 * shifting every reader (run the query with {@code em.createNativeQuery(sql, Tuple.class)}).
 */
public record Row(Tuple tuple) {
    /** Every row of a query created with {@code Tuple.class}. */
    @SuppressWarnings("unchecked")
    public static List<Row> list(Query query) {
        return ((List<Tuple>) query.getResultList()).stream().map(Row::new).toList();
    }

    /** The first row, if any. */
    @SuppressWarnings("unchecked")
    public static Optional<Row> first(Query query) {
        return ((List<Tuple>) query.setMaxResults(1).getResultList()).stream().findFirst().map(Row::new);
    }

    public Object get(String column) {
        return tuple.get(column);
    }

    public String text(String column) {
        return (String) tuple.get(column);
    }

    public Long id(String column) {
        Number n = (Number) tuple.get(column);
        return n == null ? null : n.longValue();
    }

    public long number(String column) {
        return ((Number) tuple.get(column)).longValue();
    }

    public int integer(String column) {
        return ((Number) tuple.get(column)).intValue();
    }

    public Double decimal(String column) {
        Number n = (Number) tuple.get(column);
        return n == null ? null : n.doubleValue();
    }

    public boolean flag(String column) {
        return Boolean.TRUE.equals(tuple.get(column));
    }

    public Instant instant(String column) {
        return Sql.instant(tuple.get(column));
    }
}
