package fr.signalement.photo;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.jboss.logging.Logger;

/**
 * Lowers the calling thread's scheduling priority (Linux nice 10; Java's own thread priorities are
 * ignored there): when other processes want the cores too, photo work gets less of them. It does
 * not keep requests at their pace on its own — photo work running beside them slows them down
 * whatever its priority; {@link Turns} does that. Linux gives each thread its own nice value through {@code setpriority} on the
 * thread id; any user may lower a priority. Elsewhere, or if the call fails, nothing changes.
 */
final class LowPriority {
    private static final Logger LOG = Logger.getLogger(LowPriority.class);
    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;
    private static final long SYS_GETTID_X86_64 = 186;
    private static final long SYS_GETTID_AARCH64 = 178;

    interface C extends Library {
        long syscall(long number);

        int setpriority(int which, int who, int prio);
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
        Integer now = current();
        if (LIBC == null || gettid < 0 || now != null && now >= NICE) {
            return; // already as low (a JVM started with nice): never raise it
        }
        try {
            int tid = (int) LIBC.syscall(gettid);
            if (LIBC.setpriority(PRIO_PROCESS, tid, NICE) != 0) {
                LOG.debugf("Photo worker priority unchanged (setpriority failed)");
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            LOG.debugf("Photo worker priority unchanged: %s", e);
        }
    }

    /** The calling thread's nice value (Linux), for tests; null elsewhere. */
    static Integer current() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]); // field 19: nice
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
