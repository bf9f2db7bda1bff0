package fr.signalement.web;

import fr.signalement.common.Problem;
import fr.signalement.common.ProblemMediaType;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The citizen PWA is built into {@code META-INF/resources} and served at {@code /}; its own
 * routes (follow-up links from acknowledgements and emails among them) get its index page. A
 * directory may hold it instead ({@link CitizenFiles}).
 */
@ApplicationScoped
public class CitizenApp {
    private static final String MISSING = "L'application citoyenne n'est pas incluse dans ce build.";
    private final AppPage index = new AppPage("META-INF/resources/index.html", MISSING);
    @Inject
    CitizenFiles files;

    @Route(regex = "^/(suivi/[^/]+|mes-signalements|confidentialite)/?$", methods = Route.HttpMethod.GET)
    void appRoute(RoutingContext rc) {
        if (files.fromDirectory()) {
            AppPage.serve(rc, files.read("index.html"), MISSING); // the build deployed now, not the one seen first
        } else {
            index.serve(rc);
        }
    }

    /** Browsers only install the app when its manifest comes with its own media type. */
    @Route(path = "/manifest.webmanifest", methods = Route.HttpMethod.GET)
    void manifest(RoutingContext rc) {
        byte[] manifest = files.read("manifest.webmanifest");
        if (manifest == null) {
            ProblemMediaType.send(rc, new Problem(404, "Introuvable", "L'application citoyenne n'est pas incluse dans ce build.", null));
            return;
        }
        rc.response().putHeader("Content-Type", "application/manifest+json").end(io.vertx.core.buffer.Buffer.buffer(manifest));
    }
}
