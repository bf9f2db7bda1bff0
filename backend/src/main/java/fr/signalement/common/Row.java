package fr.signalement.common;

import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row of a query, read by column name: a query may reorder or add columns without shifting
 * every reader. From a native query run with {@code em.createNativeQuery(sql, Tuple.class)}, or
 * from plain JDBC ({@link #current}) on the hot paths that bypass Hibernate.
 */
public record Row(Function<String, Object> values) {
    public Row(Tuple tuple) {
        this(tuple::get);
    }

    /** The result set's current row, copied: an unknown column name fails as it does with a Tuple. */
    public static Row current(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        Map<String, Object> byName = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            byName.putIfAbsent(meta.getColumnLabel(i), rs.getObject(i));
        }
        return new Row(name -> {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("No column " + name + " in " + byName.keySet());
            }
            return byName.get(name);
        });
    }
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
        return values.apply(column);
    }

    public String text(String column) {
        return (String) values.apply(column);
    }

    public Long id(String column) {
        Number n = (Number) values.apply(column);
        return n == null ? null : n.longValue();
    }

    public long number(String column) {
        return ((Number) values.apply(column)).longValue();
    }

    public int integer(String column) {
        return ((Number) values.apply(column)).intValue();
    }

    public Double decimal(String column) {
        Number n = (Number) values.apply(column);
        return n == null ? null : n.doubleValue();
    }

    public boolean flag(String column) {
        return Boolean.TRUE.equals(values.apply(column));
    }

    public Instant instant(String column) {
        return Sql.instant(values.apply(column));
    }
}
