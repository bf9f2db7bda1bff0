package fr.signalement.photo;

import fr.signalement.common.BusyMeter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule of whose turn it is, on a clock the test turns itself (no waiting, no timing). */
class TurnsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final BusyMeter work = new BusyMeter(TimeUnit.SECONDS.toNanos(1), 1, now::get);
    private final BusyMeter requests = new BusyMeter(TimeUnit.SECONDS.toNanos(1), 1, now::get);
    private final Turns turns = new Turns(work, requests::share, 0.1);

    private void pass(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aMeterIsTheShareOfTheLastSecondSpentAtWork() {
        assertEquals(0.0, work.share(), 1e-9);
        work.begin();
        pass(1000);
        assertEquals(1 - Math.exp(-1), work.share(), 1e-9);
        pass(2000);
        assertEquals(1 - Math.exp(-3), work.share(), 1e-9);
        work.end();
        pass(1000);
        assertEquals((1 - Math.exp(-3)) * Math.exp(-1), work.share(), 1e-9);

        BusyMeter pool = new BusyMeter(TimeUnit.SECONDS.toNanos(1), 2, now::get);
        pool.begin(); // one worker of two
        pass(10_000);
        assertEquals(0.5, pool.share(), 1e-3);
    }

    @Test
    void onAnIdleServerPhotosTakeEveryWorkerTheyHave() {
        work.begin();
        pass(5000);
        work.end();
        assertTrue(work.share() > 0.99);
        assertTrue(turns.photoMayStart());
    }

    @Test
    void underASteadyStreamOfRequestsPhotosTakeTheirMinimumShare() {
        requests.begin();
        pass(3000); // requests without a pause: 95 % of the last second
        assertTrue(turns.photoMayStart(), "photos have not had their share yet");

        work.begin();
        pass(300); // a photo's work: 26 % of the last second, more than its 10 %
        work.end();
        assertFalse(turns.photoMayStart());
        pass(800);
        assertFalse(turns.photoMayStart(), "0.26 x e^-0.8 = 0.117, still over 0.1");
        pass(200);
        assertTrue(turns.photoMayStart(), "0.26 x e^-1 = 0.096");
    }

    @Test
    void whenRequestsPausePhotosTakeWhatTheyLeave() {
        requests.begin();
        pass(3000);
        work.begin();
        pass(600); // 45 % of the last second
        work.end();
        assertFalse(turns.photoMayStart());
        requests.end();
        pass(500); // requests idle for half a second: they used 59 % of the last one, photos 27 %
        assertTrue(work.share() < 0.3 && requests.share() < 0.6, work.share() + " / " + requests.share());
        assertTrue(turns.photoMayStart());
    }

    @Test
    void workIsCountedUntilItEndsEvenWhenItFails() throws Exception {
        assertEquals("done", turns.measured(() -> {
            pass(1000);
            return "done";
        }).call());
        double after = work.share();
        assertEquals(1 - Math.exp(-1), after, 1e-9);
        assertThrows(IllegalStateException.class, () -> turns.measured(() -> {
            throw new IllegalStateException("broken photo");
        }).call());
        pass(1000);
        assertEquals(after * Math.exp(-1), work.share(), 1e-9, "no longer at work");
    }
}
