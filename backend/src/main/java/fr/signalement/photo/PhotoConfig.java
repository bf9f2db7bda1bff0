package fr.signalement.photo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "signalement.photos")
public interface PhotoConfig {
    /** Where photos are stored: a folder of this machine, or an S3-compatible bucket (several replicas). */
    @WithDefault("filesystem")
    Store store();

    enum Store { FILESYSTEM, S3 }

    /** Storage folder (store=filesystem; the source of deploy/migrate-photos.sh); relative paths resolve against the working directory. */
    @WithDefault("var/photos")
    String dir();

    @WithDefault("15728640")
    long maxBytes();

    @WithDefault("3")
    int maxPerReport();

    @WithDefault("2048")
    int maxEdgePx();

    @WithDefault("320")
    int thumbnailEdgePx();

    /**
     * Refuse images with more pixels than this, read from the image header before decoding: a tiny
     * file can declare a huge image (decompression bombs), and decoding costs CPU by the pixel.
     */
    @WithDefault("40000000")
    long maxPixels();

    /** How long a signed address to an unpublished photo lasts: between one and two of these periods. */
    @WithDefault("24")
    int linkHours();
    /** Photos decoded at once; unset, one per core. */
    Optional<Integer> decodeSlots();

    /**
     * Photo uploads received at once (bodies being read, photos waiting for or in a decode slot);
     * another one is refused with a 503 as soon as its headers arrive, before its body is read
     * ({@link UploadAdmission}). Unset: one more than the decode slots.
     */
    Optional<Integer> uploadsAtOnce();

    /** How often the anonymisation queue is looked at (and worked through); "off" in tests, which drain it themselves. */
    @WithDefault("1s")
    String anonymiseEvery();

    /**
     * The share of the photo workers' time they keep while other requests keep the server busy
     * (0 to 1); when the server is idle they take all of it ({@link DecodeSlots}).
     */
    @WithDefault("0.1")
    double minShare();

    /** How long a photo waits for a free decode slot before the request is refused with a 503. */
    @WithDefault("2s")
    Duration decodeWait();

    /** How long a photo address handed out by the backend lasts when the bucket serves the bytes. */
    @WithDefault("PT5M")
    Duration presignedFor();

    S3 s3();

    /** The bucket (store=s3). Credentials: access-key and secret-key, or the AWS default chain (environment, profile, role). */
    interface S3 {
        /** Unset: AWS itself; otherwise the service's URL (https://s3.fr-par.scw.cloud, http://minio:9000…). */
        Optional<String> endpoint();

        /** The address clients reach the bucket at, for pre-signed links, when it differs from endpoint (internal network). */
        Optional<String> publicEndpoint();

        @WithDefault("us-east-1")
        String region();

        Optional<String> bucket();

        /** Object names start with this (several installations in one bucket); empty by default. */
        Optional<String> prefix();

        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Path-style addresses (http://host/bucket/key): what MinIO, Garage and s3proxy expect. */
        @WithDefault("true")
        boolean pathStyle();

        /**
         * Serve photos by redirecting the client to a pre-signed address (valid presigned-for): the bytes
         * go from the bucket to the client directly. Off: the backend reads and serves them.
         */
        @WithDefault("false")
        boolean presignedLinks();

        @WithDefault("5s")
        Duration connectTimeout();

        @WithDefault("30s")
        Duration readTimeout();
    }
}
