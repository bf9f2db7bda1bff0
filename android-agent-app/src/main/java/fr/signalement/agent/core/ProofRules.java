package fr.signalement.agent.core;

import org.json.JSONObject;

/**
 * The server's rules for a proof of fix ({@code GET /api/v1/field/settings}, "proof"), cached at each
 * sync so the app applies them offline: how far from the alert without a reason, and what fix to
 * wait for (how old at most, how precise, for how long). The defaults are the server's defaults,
 * used until the first sync.
 */
public record ProofRules(double resolveMaxDistanceM, int fixMaxAgeS, int fixTimeoutS, int fixAccuracyM) {
    public static final ProofRules DEFAULT = new ProofRules(100, 120, 45, 30);

    public static ProofRules of(JSONObject proof) {
        if (proof == null) return DEFAULT;
        return new ProofRules(proof.optDouble("resolveMaxDistanceM", DEFAULT.resolveMaxDistanceM),
                proof.optInt("fixMaxAgeS", DEFAULT.fixMaxAgeS), proof.optInt("fixTimeoutS", DEFAULT.fixTimeoutS),
                proof.optInt("fixAccuracyM", DEFAULT.fixAccuracyM));
    }

    /** Whether a fix taken at {@code fixMillis} still proves anything at {@code nowMillis}. */
    public boolean fresh(long fixMillis, long nowMillis) {
        return nowMillis - fixMillis <= fixMaxAgeS * 1000L;
    }
}
