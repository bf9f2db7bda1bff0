package fr.signalement.web;

import fr.signalement.common.Problem;
import fr.signalement.common.ProblemMediaType;
import fr.signalement.geo.Communes;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
    @Inject
    Communes communes;

    /**
     * A commune's own host name (pack member's {@code host}): its pages come in its branding from the
     * first paint, before the app's script has asked {@code /api/v1/config}. Other hosts: the usual
     * files (one page for every commune, the app follows the pin). {@code /} is answered here before
     * {@link CitizenFiles}' directory and Quarkus' static files, which would otherwise answer it.
     */
    @Route(regex = "^/(index\\.html)?$", methods = Route.HttpMethod.GET, order = 900, type = Route.HandlerType.BLOCKING)
    void communeHost(RoutingContext rc) {
        byte[] page = brandedForHost(rc);
        if (page == null) {
            rc.next();
        } else {
            AppPage.serve(rc, page, MISSING);
        }
    }

    @Route(regex = "^/(suivi/[^/]+|mes-signalements|confidentialite)/?$", methods = Route.HttpMethod.GET,
            type = Route.HandlerType.BLOCKING)
    void appRoute(RoutingContext rc) {
        byte[] branded = brandedForHost(rc);
        if (branded != null) {
            AppPage.serve(rc, branded, MISSING);
        } else if (files.fromDirectory()) {
            AppPage.serve(rc, files.read("index.html"), MISSING); // the build deployed now, not the one seen first
        } else {
            index.serve(rc);
        }
    }

    /** The index page in the branding of the commune whose own host name the request came to; null for any other host. */
    private byte[] brandedForHost(RoutingContext rc) {
        String host = rc.request().getHeader("Host");
        Communes.Commune commune;
        try {
            commune = host == null ? null : QuarkusTransaction.requiringNew().call(() -> communes.byHost(host).orElse(null));
        } catch (RuntimeException e) {
            commune = null; // database unreachable: the plain page still loads (the app works offline from there)
        }
        byte[] page = commune == null ? null : files.read("index.html");
        return page == null ? null : BrandedPage.of(page, commune);
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
