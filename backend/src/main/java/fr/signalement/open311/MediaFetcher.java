package fr.signalement.open311;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an Open311 {@code media_url} on the server, as a client application asks, without
 * letting that request be turned against the server's own network (SSRF):
 * <ul>
 *   <li>only {@code http} and {@code https};</li>
 *   <li>the host name is resolved here and every address is checked (no loopback, private,
 *   link-local, unique-local, multicast or reserved ranges unless explicitly allowed); the
 *   connection then goes to that checked address (pinned: a DNS answer that changes between check
 *   and connection cannot redirect it), TLS still verifying the host name;</li>
 *   <li>redirects are followed by hand, at most {@code maxRedirects}, each hop checked again;</li>
 *   <li>connect, read (idle) and total timeouts; the answer must be {@code 200} with an
 *   {@code image/*} content type; the body is cut off beyond {@code maxBytes}.</li>
 * </ul>
 * The image itself is then content-sniffed by the ordinary photo intake.
 */
public class MediaFetcher implements AutoCloseable {
    public record Limits(boolean allowPrivateAddresses, long maxBytes, Duration connectTimeout, Duration readTimeout,
                         Duration totalTimeout, int maxRedirects) {
    }

    /** The fetched image in a temporary file (the caller deletes it). */
    public record Fetched(Path file, long size, String contentType) {
    }

    /** Why a media_url was refused; the message is meant for the client application's developer. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private record Hop(Buffer body, String contentType, String location) {
    }

    private final Limits limits;
    private final HttpClient client;

    public MediaFetcher(Vertx vertx, Limits limits) {
        this.limits = limits;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) limits.connectTimeout().toMillis())
                .setIdleTimeout((int) limits.readTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(false)
                .setForceSni(true)
                .setVerifyHost(true)
                .setTryUseCompression(false)
                .setMaxRedirects(0));
    }

    public Fetched fetch(String url) {
        URI uri = parse(url);
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        for (int hop = 0; hop <= limits.maxRedirects(); hop++) {
            InetAddress address = checkedAddress(uri.getHost());
            Hop answer = await(request(uri, address), deadline);
            if (answer.location() != null) {
                try {
                    uri = parse(uri.resolve(answer.location().trim()).toString());
                } catch (IllegalArgumentException e) {
                    throw new Refused("redirection invalide vers « " + answer.location() + " ».");
                }
                continue;
            }
            try {
                Path file = Files.createTempFile("open311-media-", ".img");
                Files.write(file, answer.body().getBytes());
                return new Fetched(file, answer.body().length(), answer.contentType());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new Refused("plus de " + limits.maxRedirects() + " redirections.");
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("« " + url + " » n'est pas une URL valide.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("seules les URL http et https sont acceptées.");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("l'URL « " + url + " » ne nomme pas de serveur.");
        }
        return uri;
    }

    private InetAddress checkedAddress(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("serveur « " + host + " » introuvable.");
        }
        if (!limits.allowPrivateAddresses()) {
            for (InetAddress a : all) {
                if (isInternal(a)) {
                    throw new Refused("le serveur « " + host + " » a une adresse privée ou locale ("
                            + a.getHostAddress() + ") : refusé.");
                }
            }
        }
        return all[0];
    }

    /** Addresses a public media URL must never reach: this host, private networks, reserved ranges. */
    static boolean isInternal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            int b2 = b[2] & 0xff;
            return b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224                      // this network, private, loopback, multicast/reserved
                    || (b0 == 100 && b1 >= 64 && b1 <= 127)                           // carrier-grade NAT
                    || (b0 == 169 && b1 == 254) || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)
                    || (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))                 // IETF protocol, TEST-NET-1
                    || (b0 == 198 && (b1 == 18 || b1 == 19))                          // benchmarking
                    || (b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113);
        }
        if (a instanceof Inet6Address) {
            int b0 = b[0] & 0xff;
            int b1 = b[1] & 0xff;
            if ((b0 & 0xfe) == 0xfc) {                                                // unique local fc00::/7
                return true;
            }
            if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {   // documentation
                return true;
            }
            boolean zeroUpTo12 = true;                                                // ::a.b.c.d, ::ffff:a.b.c.d
            for (int i = 0; i < 12; i++) {
                if (b[i] != 0 && !(i >= 10 && (b[i] & 0xff) == 0xff)) {
                    zeroUpTo12 = false;
                    break;
                }
            }
            boolean nat64 = b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;  // 64:ff9b::/96
            boolean v4Embedded = zeroUpTo12 || nat64;
            if (v4Embedded) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private Future<Hop> request(URI uri, InetAddress address) {
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(limits.readTimeout().toMillis())
                .putHeader("Accept", "image/*")
                .putHeader("User-Agent", "Signalement-Open311/1.0");
        Promise<Hop> result = Promise.promise();
        client.request(options).onFailure(result::tryFail).onSuccess(req -> {
            req.exceptionHandler(result::tryFail);
            req.send().onFailure(result::tryFail).onSuccess(resp -> receive(req, resp, result));
        });
        return result.future();
    }

    private void receive(HttpClientRequest req, HttpClientResponse resp, Promise<Hop> result) {
        // Whatever ends this hop settles the result first; resetting the stream afterwards then
        // changes nothing (and a reset is not logged as an unhandled error).
        resp.exceptionHandler(result::tryFail);
        int status = resp.statusCode();
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            String location = resp.getHeader("Location");
            if (location == null || location.isBlank()) {
                result.tryFail(new Refused("redirection " + status + " sans destination."));
            } else {
                result.tryComplete(new Hop(null, null, location));
            }
            req.reset();
            return;
        }
        if (status != 200) {
            result.tryFail(new Refused("le serveur a répondu " + status + "."));
            req.reset();
            return;
        }
        String type = resp.getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.startsWith("image/")) {
            result.tryFail(new Refused("le contenu n'est pas une image (type « " + (type == null ? "absent" : type) + " »)."));
            req.reset();
            return;
        }
        String length = resp.getHeader("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limits.maxBytes()) {
                    result.tryFail(tooLarge());
                    req.reset();
                    return;
                }
            } catch (NumberFormatException ignored) {
                // Checked while reading instead.
            }
        }
        Buffer body = Buffer.buffer();
        resp.handler(chunk -> {
            if (body.length() + chunk.length() > limits.maxBytes()) {
                result.tryFail(tooLarge());
                req.reset();
                return;
            }
            body.appendBuffer(chunk);
        });
        resp.endHandler(v -> result.tryComplete(new Hop(body, mime, null)));
    }

    private Refused tooLarge() {
        return new Refused("l'image dépasse " + (limits.maxBytes() / (1024 * 1024)) + " Mo.");
    }

    private static <T> T await(Future<T> future, long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        try {
            return future.toCompletionStage().toCompletableFuture().get(Math.max(1, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new Refused("délai dépassé en téléchargeant l'image.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("téléchargement interrompu.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Refused r) {
                throw r;
            }
            String why = cause == null ? e.getMessage() : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " — " + cause.getMessage());
            throw new Refused("téléchargement impossible (" + why + ").");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
