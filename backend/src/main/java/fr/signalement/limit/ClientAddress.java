package fr.signalement.limit;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client's address as Quarkus resolved it: the peer, or the address a trusted reverse proxy
 * put in X-Forwarded-For / Forwarded ({@code quarkus.http.proxy.*}: only the configured
 * trusted proxies are believed, so a client cannot pick its own bucket).
 */
final class ClientAddress {
    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        var a = request.remoteAddress();
        return a == null ? "unknown" : a.hostAddress();
    }
}
