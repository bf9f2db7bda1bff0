package fr.signalement.schedule;

import fr.signalement.PostgisDatabase;
import fr.signalement.TestSql;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot of scheduled work runs once however many replicas fire it together (each firing here has
 * its own connection and transaction, as a replica's would: only the database decides); a failed run
 * is retried by the next firing; a dead replica's claim is taken over after the lease, not before.
 * (ClusterIT shows it with the real schedulers of two backend processes.)
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class OncePerSlotTest {
    @Inject
    OncePerSlot once;

    record Fired(Instant getScheduledFireTime) implements ScheduledExecution {
        @Override
        public Trigger getTrigger() {
            return null;
        }

        @Override
        public Instant getFireTime() {
            return getScheduledFireTime;
        }
    }

    @Test
    void eightReplicasFiringTheSameSlotTogetherRunItOnce() throws Exception {
        String job = "test-" + UUID.randomUUID();
        Instant slot = Instant.parse("2026-12-02T03:30:00Z");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> fired = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fired.add(pool.submit(() -> {
                    gate.await();
                    return once.run(job, slot, runs::incrementAndGet);
                }));
            }
            gate.countDown();
            int ranHere = 0;
            for (Future<Boolean> f : fired) {
                ranHere += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(1, runs.get());
            assertEquals(1, ranHere);
        } finally {
            pool.shutdownNow();
        }
        assertNotNull(TestSql.scalar("SELECT finished_at FROM scheduled_run WHERE job = ?", job));
        assertFalse(once.run(job, slot, runs::incrementAndGet), "a late firing of a finished slot does nothing");
        assertTrue(once.run(job, slot.plusSeconds(86400), runs::incrementAndGet), "the next slot runs");
        assertEquals(2, runs.get());
    }

    @Test
    void aFailedRunGivesItsSlotBackAndTheNextFiringRetries() {
        String job = "test-" + UUID.randomUUID();
        Instant slot = Instant.parse("2026-12-02T04:00:00Z");
        assertThrows(IllegalStateException.class, () -> once.run(job, slot, () -> {
            throw new IllegalStateException("SMTP down");
        }));
        assertEquals(0, TestSql.count("SELECT count(*) FROM scheduled_run WHERE job = ?", job));
        AtomicInteger runs = new AtomicInteger();
        assertTrue(once.run(job, slot, runs::incrementAndGet));
        assertEquals(1, runs.get());
    }

    @Test
    void aClaimLeftByAKilledReplicaIsTakenOverAfterTheLeaseOnly() {
        String job = "test-" + UUID.randomUUID();
        Instant stale = Instant.parse("2026-12-02T05:00:00Z");
        Instant running = Instant.parse("2026-12-02T06:00:00Z");
        TestSql.exec("INSERT INTO scheduled_run (job, slot, owner, started_at) VALUES (?, ?, 'killed:1', now() - interval '2 hours')",
                job, Timestamp.from(stale));
        TestSql.exec("INSERT INTO scheduled_run (job, slot, owner, started_at) VALUES (?, ?, 'busy:2', now())",
                job, Timestamp.from(running));
        AtomicInteger runs = new AtomicInteger();
        assertTrue(once.run(job, stale, runs::incrementAndGet), "killed mid-run an hour ago: taken over");
        assertFalse(once.run(job, running, runs::incrementAndGet), "still running elsewhere: left alone");
        assertEquals(1, runs.get());
        assertEquals(2L, TestSql.count("SELECT attempts FROM scheduled_run WHERE job = ? AND slot = ?", job, Timestamp.from(stale)));
    }

    @Test
    void replicasStartedAtDifferentTimesAgreeOnTheSlot() {
        // Interval jobs fire at each replica's own offset; within one window they name the same slot.
        assertEquals(OncePerSlot.slot(new Fired(Instant.parse("2026-12-02T10:17:03.120Z")), "1h"),
                OncePerSlot.slot(new Fired(Instant.parse("2026-12-02T10:43:59.999Z")), "1h"));
        assertEquals(Instant.parse("2026-12-02T10:10:00Z"), OncePerSlot.slot(new Fired(Instant.parse("2026-12-02T10:17:03Z")), "10m"));
        // Cron jobs fire at the same second everywhere, a little late under load.
        assertEquals(Instant.parse("2026-12-02T03:30:00Z"), OncePerSlot.slot(new Fired(Instant.parse("2026-12-02T03:30:00.480Z")), null));
    }
}
