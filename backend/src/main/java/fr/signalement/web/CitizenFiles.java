package fr.signalement.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the citizen app's built files come from: the copy inside the jar by default, or a directory
 * ({@code signalement.web.citizen-dir}) so a commune can deploy a new build of the app without a new
 * backend, and so an upgrade can be played for real (the e2e test swaps the directory's files). Files
 * of the directory are read at each request: a new build is served at once, and the browser gets it
 * on its next launch (the pages and {@code sw.js} are revalidated, see {@link StaticCaching}).
 */
@ApplicationScoped
public class CitizenFiles {
    /** The backend's own paths: never looked up in the directory. */
    private static final Pattern BACKEND = Pattern.compile("^/(api|q|console|tiles|open311|photos|media)(/.*)?$");

    @ConfigProperty(name = "signalement.web.citizen-dir")
    Optional<String> dir;

    void install(@Observes Router router) {
        if (dir.isEmpty() || dir.get().isBlank()) {
            return;
        }
        StaticHandler files = StaticHandler.create(FileSystemAccess.ROOT, root().toString())
                .setCachingEnabled(true)
                // The files change under the running backend: by default Vert.x takes them as read-only and
                // keeps answering 304 with their first Last-Modified, so a new build would never reach a browser.
                .setFilesReadOnly(false)
                .setCacheEntryTimeout(1)
                .setDefaultContentEncoding("UTF-8")
                .setIncludeHidden(false);
        // Before Quarkus' own static files (the jar's copy), after its filters (StaticCaching among them).
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(rc -> {
            HttpMethod m = rc.request().method();
            if ((m != HttpMethod.GET && m != HttpMethod.HEAD) || BACKEND.matcher(rc.normalizedPath()).matches()) {
                rc.next();
                return;
            }
            files.handle(rc); // calls next() when the directory has no such file
        });
    }

    private Path root() {
        return Path.of(dir.orElseThrow()).toAbsolutePath().normalize();
    }

    /**
     * One of the app's files ({@code index.html}, {@code manifest.webmanifest}): from the directory
     * when one is configured, else from the jar; null when this build has none.
     */
    public byte[] read(String name) {
        if (dir.isPresent() && !dir.get().isBlank()) {
            try {
                return Files.readAllBytes(root().resolve(name));
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return AppPage.read("META-INF/resources/" + name);
    }

    /** Whether the app is read from a directory (then nothing of it may be cached in memory). */
    public boolean fromDirectory() {
        return dir.isPresent() && !dir.get().isBlank();
    }
}
