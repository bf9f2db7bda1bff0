package fr.signalement.photo;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.jboss.logging.Logger;

/**
 * Lowers the calling thread's scheduling priority: photo work then takes only the CPU time that
 * requests leave, instead of slowing them (Java's own thread priorities are ignored on Linux).
 * Linux's {@code SCHED_IDLE} policy runs the thread only when nothing else wants the core, and a
 * core running only such threads counts as idle when a request's thread wakes up, so it gets the
 * core at once. Nice 10, set first, is what is left if the policy cannot be set: it still gives
 * request threads ten times the photo workers' share, but measured under a flood (bench/photos,
 * {@code flood}) the worker still took 30–40 % of a core from a saturated machine, as it ran in
 * every gap between requests' round trips. Any user may lower its own threads' priority, for
 * each thread on its own (by thread id). Elsewhere, or if the calls fail, nothing changes.
 */
final class LowPriority {
    private static final Logger LOG = Logger.getLogger(LowPriority.class);
    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;
    static final int SCHED_IDLE = 5;
    private static final long SYS_GETTID_X86_64 = 186;
    private static final long SYS_GETTID_AARCH64 = 178;

    interface C extends Library {
        long syscall(long number);

        int setpriority(int which, int who, int prio);

        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private static final C LIBC = load();

    private LowPriority() {
    }

    private static C load() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return null;
        }
        try {
            return Native.load("c", C.class);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    static void apply() {
        String arch = System.getProperty("os.arch", "");
        long gettid = arch.equals("amd64") || arch.equals("x86_64") ? SYS_GETTID_X86_64
                : arch.equals("aarch64") ? SYS_GETTID_AARCH64 : -1;
        if (LIBC == null || gettid < 0) {
            return;
        }
        try {
            int tid = (int) LIBC.syscall(gettid);
            Integer now = current();
            // Never raise it (a JVM started with nice 15 keeps 15).
            if ((now == null || now < NICE) && LIBC.setpriority(PRIO_PROCESS, tid, NICE) != 0) {
                LOG.debugf("Photo worker nice value unchanged (setpriority failed)");
            }
            if (LIBC.sched_setscheduler(tid, SCHED_IDLE, new int[]{0}) != 0) {
                LOG.infof("Photo workers run at nice %d: the SCHED_IDLE policy was refused", NICE);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.debugf("Photo worker priority unchanged: %s", e);
        }
    }

    /** The calling thread's scheduling policy (Linux: 0 normal, 5 SCHED_IDLE), for tests; null elsewhere. */
    static Integer policy() {
        return statField(38); // field 41: policy
    }

    /** The calling thread's nice value (Linux), for tests; null elsewhere. */
    static Integer current() {
        return statField(16); // field 19: nice
    }

    /** Field {@code i + 3} of this thread's /proc stat line (counted from 1, the first after the name is 3). */
    private static Integer statField(int i) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[i]);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
