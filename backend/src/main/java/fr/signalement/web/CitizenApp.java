package fr.signalement.web;

import fr.signalement.common.Problem;
import fr.signalement.common.ProblemMediaType;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The citizen PWA is built into {@code META-INF/resources} and served at {@code /}; its own
 * routes (follow-up links from acknowledgements and emails among them) get its index page.
 */
@ApplicationScoped
public class CitizenApp {
    private final AppPage index = new AppPage("META-INF/resources/index.html",
            "L'application citoyenne n'est pas incluse dans ce build.");

    @Route(regex = "^/(suivi/[^/]+|mes-signalements|confidentialite)/?$", methods = Route.HttpMethod.GET)
    void appRoute(RoutingContext rc) {
        index.serve(rc);
    }

    /** Browsers only install the app when its manifest comes with its own media type. */
    @Route(path = "/manifest.webmanifest", methods = Route.HttpMethod.GET)
    void manifest(RoutingContext rc) {
        byte[] manifest = AppPage.read("META-INF/resources/manifest.webmanifest");
        if (manifest == null) {
            ProblemMediaType.send(rc, new Problem(404, "Introuvable", "L'application citoyenne n'est pas incluse dans ce build.", null));
            return;
        }
        rc.response().putHeader("Content-Type", "application/manifest+json").end(io.vertx.core.buffer.Buffer.buffer(manifest));
    }
}
