package fr.signalement.web;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The staff console (issue #4) is built into {@code META-INF/resources/console} and served at
 * {@code /console}; its own routes (queue, map, alert page, phone report, dashboard) get its index
 * page so a reload or a shared link works. Its assets are ordinary static resources.
 */
@ApplicationScoped
public class StaffConsole {
    private final AppPage index = new AppPage("META-INF/resources/console/index.html",
            "La console des agents n'est pas incluse dans ce build.");

    @Route(regex = "^/console(/|/(connexion|carte|saisie|dashboard|alertes/\\d+)/?)?$", methods = Route.HttpMethod.GET)
    void consoleRoute(RoutingContext rc) {
        index.serve(rc);
    }
}
