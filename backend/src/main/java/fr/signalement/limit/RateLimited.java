package fr.signalement.limit;

import fr.signalement.common.ProblemException;

/** A request refused by a rate limit: 429, with how long to wait before trying again. */
public class RateLimited extends ProblemException {
    private final long retryAfterSeconds;

    RateLimited(String detail, long retryAfterSeconds) {
        super(429, "Trop de demandes", detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
        with("retryAfterSeconds", retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
