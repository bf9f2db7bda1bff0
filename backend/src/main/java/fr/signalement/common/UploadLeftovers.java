package fr.signalement.common;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes multipart upload parts that a killed process left in the uploads folder. The HTTP server
 * streams every uploaded part to that folder and deletes it when the request ends, but a process killed
 * mid-request (SIGKILL, out of memory, power cut) never does: on a busy intake that is megabytes of
 * citizens' photos a crash, forever. Only parts older than a safe age go, far longer than any upload
 * takes, so another process sharing the folder (two replicas on one machine) loses nothing in flight.
 * The folder is each machine's own: every process sweeps it, at start-up and then on schedule.
 */
@ApplicationScoped
public class UploadLeftovers {
    private static final Logger LOG = Logger.getLogger(UploadLeftovers.class);

    @ConfigProperty(name = "quarkus.http.body.uploads-directory")
    Path uploads;
    @ConfigProperty(name = "signalement.upload-sweep.min-age", defaultValue = "PT1H")
    Duration minAge;
    @ConfigProperty(name = "signalement.upload-sweep.every")
    String every;

    void atStartup(@Observes StartupEvent start) {
        if (!"off".equals(every)) {
            sweepQuietly();
        }
    }

    @Scheduled(identity = "upload-sweep", every = "{signalement.upload-sweep.every}", delayed = "{signalement.upload-sweep.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduled() {
        sweepQuietly();
    }

    private void sweepQuietly() {
        try {
            int removed = sweep();
            if (removed > 0) {
                LOG.infof("Removed %d upload part(s) left by an interrupted request in %s", removed, uploads);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Upload parts not swept: %s", e.toString());
        }
    }

    /** Deletes the parts older than the safe age; returns how many. */
    public int sweep() {
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        Instant before = Instant.now().minus(minAge);
        int removed = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(uploads)) {
            for (Path part : parts) {
                try {
                    if (Files.isRegularFile(part) && Files.getLastModifiedTime(part).toInstant().isBefore(before)) {
                        Files.delete(part);
                        removed++;
                    }
                } catch (NoSuchFileException gone) {
                    // its request ended meanwhile and deleted it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }
}
