package fr.signalement.open311;

import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The application's media fetcher, configured from {@code signalement.open311.media.*}. */
@ApplicationScoped
public class Open311Media {
    @Inject
    Vertx vertx;
    @Inject
    Open311Config config;

    private volatile MediaFetcher fetcher;

    public MediaFetcher fetcher() {
        MediaFetcher f = fetcher;
        if (f == null) {
            synchronized (this) {
                if (fetcher == null) {
                    var m = config.media();
                    fetcher = new MediaFetcher(vertx, new MediaFetcher.Limits(m.allowPrivateAddresses(), m.maxBytes(),
                            m.connectTimeout(), m.readTimeout(), m.totalTimeout(), m.maxRedirects()));
                }
                f = fetcher;
            }
        }
        return f;
    }

    @PreDestroy
    void close() {
        if (fetcher != null) {
            fetcher.close();
        }
    }
}
