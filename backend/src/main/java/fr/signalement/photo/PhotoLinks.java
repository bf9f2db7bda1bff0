package fr.signalement.photo;

import fr.signalement.common.InstallationSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Addresses of photos. A published photo's address is its bare path; an unpublished photo is shown
 * through a signed address, minted for whoever may see it (staff reading an alert, a reporter with
 * their follow-up link), because a browser's {@code <img>} sends no bearer token. The signature
 * covers the photo's key and an expiry, rounded to whole periods so a page reloaded within a period
 * gets the same addresses (and the browser's cache).
 */
@ApplicationScoped
public class PhotoLinks {
    @Inject
    InstallationSecrets secrets;
    @Inject
    PhotoConfig config;

    private volatile byte[] key;

    public static String path(UUID publicKey, boolean thumbnail) {
        return "/api/v1/photos/" + publicKey + (thumbnail ? "/thumbnail" : "");
    }

    /** The address to show: bare if the photo is published, else signed. */
    public String url(Photo photo, boolean thumbnail) {
        return photo.published() ? path(photo.publicKey, thumbnail) : signed(photo.publicKey, thumbnail);
    }

    /** A signed address to the public (blurred) version, valid between one and two link periods from now. */
    public String signed(UUID publicKey, boolean thumbnail) {
        return signed(publicKey, thumbnail, false);
    }

    /**
     * A signed address to the original, for staff pages only: the signature covers "original", so
     * an address minted for a reporter cannot be turned into one to the unblurred photo.
     */
    public String original(UUID publicKey, boolean thumbnail) {
        return signed(publicKey, thumbnail, true);
    }

    private String signed(UUID publicKey, boolean thumbnail, boolean original) {
        long period = Duration.ofHours(Math.max(1, config.linkHours())).toSeconds();
        long until = (Instant.now().getEpochSecond() / period + 2) * period;
        return path(publicKey, thumbnail) + "?until=" + until + (original ? "&original=true" : "")
                + "&sig=" + signature(publicKey, until, original);
    }

    /** Whether {@code sig} was minted here for this photo (and this version) and has not expired. */
    public boolean valid(UUID publicKey, Long until, String sig, boolean original) {
        if (until == null || sig == null || until < Instant.now().getEpochSecond()) {
            return false;
        }
        return MessageDigest.isEqual(signature(publicKey, until, original).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(UUID publicKey, long until, boolean original) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] digest = mac.doFinal((publicKey + "|" + until + (original ? "|original" : "")).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            synchronized (this) {
                if (key == null) {
                    key = secrets.get("photo-link");
                }
                k = key;
            }
        }
        return k;
    }
}
