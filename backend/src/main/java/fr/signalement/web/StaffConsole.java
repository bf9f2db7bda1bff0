package fr.signalement.web;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The staff console (issue #4) is built into {@code META-INF/resources/console} and served at
 * {@code /console}; its own routes (queue, map, alert page, phone report, dashboard) get its index
 * page so a reload or a shared link works. Its assets are ordinary static resources.
 */
@ApplicationScoped
public class StaffConsole {
    private volatile byte[] index;

    @Route(regex = "^/console(/|/(connexion|carte|saisie|dashboard|alertes/\\d+)/?)?$", methods = Route.HttpMethod.GET)
    void consoleRoute(RoutingContext rc) {
        byte[] page = index();
        if (page == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("La console des agents n'est pas incluse dans ce build.");
            return;
        }
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(io.vertx.core.buffer.Buffer.buffer(page));
    }

    private byte[] index() {
        if (index == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream("META-INF/resources/console/index.html")) {
                index = in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return index;
    }
}
