package fr.signalement.web;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.regex.Pattern;

/**
 * Browser caching of the apps' static files. Quarkus marks every static file {@code public,
 * immutable, max-age=86400}: right for Vite's hashed assets (a new build has new names), wrong for
 * the pages, the service worker, the manifest and the icons, which keep their names across
 * versions — an installed app would run the old build for a day. Those are sent {@code no-cache}
 * instead: kept, but revalidated (Last-Modified) on every load, so an upgrade reaches the app on its
 * next launch.
 */
public class StaticCaching {
    /** Vite's output: {@code assets/} of each app, every name carrying its content hash. */
    private static final Pattern HASHED = Pattern.compile("^/(console/)?assets/[^/]+$");

    @RouteFilter(90)
    void revalidateUnhashed(RoutingContext rc) {
        HttpMethod m = rc.request().method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD) {
            String path = rc.normalizedPath();
            if (!HASHED.matcher(path).matches()) {
                rc.addHeadersEndHandler(v -> {
                    String cc = rc.response().headers().get("Cache-Control");
                    if (cc != null && cc.contains("immutable")) {
                        rc.response().headers().set("Cache-Control", "no-cache");
                    }
                });
            }
        }
        rc.next();
    }
}
