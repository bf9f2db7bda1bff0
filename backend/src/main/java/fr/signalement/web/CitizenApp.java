package fr.signalement.web;

import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The citizen PWA is built into {@code META-INF/resources} and served at {@code /}; its own
 * routes (follow-up links from acknowledgements and emails among them) get its index page.
 */
@ApplicationScoped
public class CitizenApp {
    private volatile byte[] index;

    @Route(regex = "^/(suivi/[^/]+|mes-signalements|confidentialite)/?$", methods = Route.HttpMethod.GET)
    void appRoute(RoutingContext rc) {
        byte[] page = index();
        if (page == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("L'application citoyenne n'est pas incluse dans ce build.");
            return;
        }
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(io.vertx.core.buffer.Buffer.buffer(page));
    }

    /** Browsers only install the app when its manifest comes with its own media type. */
    @Route(path = "/manifest.webmanifest", methods = Route.HttpMethod.GET)
    void manifest(RoutingContext rc) {
        byte[] manifest = resource("META-INF/resources/manifest.webmanifest");
        if (manifest == null) {
            rc.response().setStatusCode(404).end();
            return;
        }
        rc.response().putHeader("Content-Type", "application/manifest+json").end(io.vertx.core.buffer.Buffer.buffer(manifest));
    }

    private static byte[] resource(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] index() {
        if (index == null) {
            index = resource("META-INF/resources/index.html");
        }
        return index;
    }
}
