package fr.signalement.limit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The limits, from {@code signalement.limits.*} in application.properties (reasons are given there). */
@ConfigMapping(prefix = "signalement.limits")
public interface RateLimits {
    @WithDefault("true")
    boolean enabled();

    /** How often full buckets are deleted (read by RateLimiter.sweep's schedule). */
    @WithDefault("10m")
    String sweepEvery();

    /** Anonymous requests that write (reports, "me too", reopen, subscriptions…); its global bound covers Open311 POSTs too. */
    Pair anonymousWrite();

    /**
     * Open311 writes, per client address: a client application (FixMyStreet…) posts a whole city's
     * reports and comments from one server, in batches; the overall bound is {@link #anonymousWrite()}'s.
     */
    Rule open311Write();

    /** Anonymous reads of the API and Open311. */
    Pair anonymousRead();

    /** Sign-in, token renewal and sign-out, per client address and overall. */
    Pair login();

    /** Sign-in attempts for one username from one address. */
    Rule loginAccount();

    interface Pair {
        Rule perAddress();

        Rule global();
    }

    /** A token bucket: holds at most {@code capacity} requests, refilled at {@code perMinute}. */
    interface Rule {
        int capacity();

        double perMinute();
    }
}
