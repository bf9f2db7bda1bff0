package fr.signalement.field;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Counts the SQL statements Hibernate prepares on the current thread while {@link #counting} runs:
 * a per-thread count, so work of other threads (notifications after commit) never adds to it.
 */
@PersistenceUnitExtension
public class CountingStatements implements StatementInspector {
    private static final ThreadLocal<int[]> COUNT = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        int[] c = COUNT.get();
        if (c != null) {
            c[0]++;
        }
        return sql;
    }

    /** The number of statements {@code work} prepared on this thread. */
    public static int counting(Runnable work) {
        int[] c = new int[1];
        COUNT.set(c);
        try {
            work.run();
        } finally {
            COUNT.remove();
        }
        return c[0];
    }
}
