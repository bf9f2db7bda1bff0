package fr.signalement.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A single-page app's index, read once from the classpath and served for the app's own routes,
 * so a reload or a shared link lands in the app.
 */
final class AppPage {
    private final String resource;
    private final String missing;
    private volatile byte[] page;

    /**
     * @param resource classpath location of the index page
     * @param missing  what to say when this build does not include the app
     */
    AppPage(String resource, String missing) {
        this.resource = resource;
        this.missing = missing;
    }

    void serve(RoutingContext rc) {
        if (page == null) {
            page = read(resource);
        }
        serve(rc, page, missing);
    }

    /** Serves a page read elsewhere (null: this build has no such app). */
    static void serve(RoutingContext rc, byte[] page, String missing) {
        if (page == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end(missing);
            return;
        }
        rc.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .end(Buffer.buffer(page));
    }

    static byte[] read(String path) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
