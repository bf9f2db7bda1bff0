package fr.signalement.open311;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Open311 GeoReport v2 endpoint settings ({@code signalement.open311.*}). */
@ConfigMapping(prefix = "signalement.open311")
public interface Open311Config {
    /** When this endpoint's behaviour last changed (discovery's changeset). */
    @WithDefault("2026-11-25T00:00:00Z")
    String changeset();

    /** Who to contact about the API (discovery's contact); defaults to the commune and the public URL. */
    Optional<String> contact();

    /** Where a developer asks for an api_key (discovery's key_service). */
    Optional<String> keyService();

    /** GET requests without dates returns the requests of the last N days; a date range may not span more. */
    @WithDefault("90")
    int windowDays();

    /** GET requests answers at most this many requests (the default page size too). */
    @WithDefault("1000")
    int maxPageSize();

    /**
     * GET servicerequestupdates without page or page_size (FixMyStreet asks so, for the last two
     * hours, and reads no pages) answers every update of the range up to this many; more is refused
     * (400) rather than cut, since a client that does not page would never see the rest.
     */
    @WithDefault("20000")
    int maxUpdatesUnpaged();

    Media media();

    Forward forward();

    /** Sending forwarded alerts to other organisations' Open311 endpoints ({@link Forwarding}). */
    interface Forward {
        @WithDefault("10s")
        Duration every();

        @WithDefault("1m")
        Duration retryBase();

        @WithDefault("6h")
        Duration retryMax();

        @WithDefault("20")
        int maxAttempts();

        @WithDefault("15m")
        Duration pollEvery();

        @WithDefault("20s")
        Duration timeout();

        /**
         * How long a deferred request (answered with a token only) is asked for its number before the row
         * is FAILED for a dispatcher to see: a remote that creates requests in a nightly batch gives it
         * within a day; five days also cover a long weekend and a batch that failed once.
         */
        @WithDefault("5d")
        Duration numberMaxWait();
    }

    /** Limits on fetching a request's media_url server-side. */
    interface Media {
        /** Allow media on private, loopback or link-local addresses (tests, closed networks only). */
        @WithDefault("false")
        boolean allowPrivateAddresses();

        @WithDefault("15728640")
        long maxBytes();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest silence while reading the answer. */
        @WithDefault("10s")
        Duration readTimeout();

        /** Longest whole fetch, redirects included. */
        @WithDefault("30s")
        Duration totalTimeout();

        @WithDefault("3")
        int maxRedirects();
    }
}
