package fr.signalement.photo;

import fr.signalement.common.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Photos in an S3-compatible bucket (AWS, MinIO, Ceph RGW, Garage, Scaleway, OVH…), shared by
 * every backend replica. A PUT is atomic (no temporary objects); the bucket should not be public:
 * photos reach clients through the backend or through pre-signed addresses that expire.
 */
@ApplicationScoped
@Typed(S3PhotoStore.class)
public class S3PhotoStore implements PhotoStore {
    @Inject
    PhotoConfig config;

    private volatile S3Client client;
    private volatile S3Presigner presigner;

    private PhotoConfig.S3 s3() {
        return config.s3();
    }

    private String bucket() {
        return s3().bucket().orElseThrow(() -> new IllegalStateException("signalement.photos.s3.bucket is not set"));
    }

    private String prefix() {
        return s3().prefix().orElse("");
    }

    private String objectName(String key, boolean thumbnail) {
        return prefix() + PhotoStore.name(key, thumbnail);
    }

    S3Client client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    var b = S3Client.builder()
                            .httpClient(UrlConnectionHttpClient.builder()
                                    .connectionTimeout(s3().connectTimeout()).socketTimeout(s3().readTimeout()).build())
                            .region(Region.of(s3().region()))
                            .credentialsProvider(credentials())
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3().pathStyle()).build())
                            // Checksums only where the protocol requires them: MinIO, Ceph and Garage
                            // versions in service do not all know the newer default ones.
                            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
                    s3().endpoint().ifPresent(e -> b.endpointOverride(URI.create(e)));
                    client = b.build();
                }
            }
        }
        return client;
    }

    private S3Presigner presigner() {
        if (presigner == null) {
            synchronized (this) {
                if (presigner == null) {
                    var b = S3Presigner.builder().region(Region.of(s3().region())).credentialsProvider(credentials())
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3().pathStyle()).build());
                    s3().publicEndpoint().or(() -> s3().endpoint()).ifPresent(e -> b.endpointOverride(URI.create(e)));
                    presigner = b.build();
                }
            }
        }
        return presigner;
    }

    private AwsCredentialsProvider credentials() {
        if (s3().accessKey().isPresent() && s3().secretKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3().accessKey().get(), s3().secretKey().get()));
        }
        // Environment (AWS_ACCESS_KEY_ID…), profile files, instance roles.
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void put(String key, byte[] jpeg, byte[] thumbnail) {
        try {
            putObject(objectName(key, false), jpeg);
            putObject(objectName(key, true), thumbnail);
        } catch (RuntimeException e) {
            delete(key);
            throw e;
        }
    }

    private void putObject(String name, byte[] bytes) {
        client().putObject(r -> r.bucket(bucket()).key(name).contentType("image/jpeg").contentLength((long) bytes.length),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public byte[] read(String key, boolean thumbnail) {
        try {
            return client().getObjectAsBytes(r -> r.bucket(bucket()).key(objectName(key, thumbnail))).asByteArray();
        } catch (NoSuchKeyException e) {
            throw ProblemException.notFound("Le fichier de cette photo est introuvable.");
        }
    }

    @Override
    public boolean exists(String key, boolean thumbnail) {
        try {
            client().headObject(r -> r.bucket(bucket()).key(objectName(key, thumbnail)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        // Two single DELETEs, not one multi-object delete: that one needs a Content-MD5 the SDK no longer
        // sends by default, which several S3-compatible servers still require.
        for (boolean thumbnail : new boolean[]{false, true}) {
            try {
                client().deleteObject(r -> r.bucket(bucket()).key(objectName(key, thumbnail)));
            } catch (RuntimeException ignored) {
                // Best effort, as on disk: the orphan sweep removes what remains once the row is gone.
            }
        }
    }

    @Override
    public Optional<URI> link(String key, boolean thumbnail, Duration validity) {
        if (!s3().presignedLinks()) {
            return Optional.empty();
        }
        try {
            return Optional.of(presigner().presignGetObject(p -> p.signatureDuration(validity)
                    .getObjectRequest(g -> g.bucket(bucket()).key(objectName(key, thumbnail))
                            .responseContentType("image/jpeg"))).url().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void keysOlderThan(Instant before, Consumer<String> key) {
        Set<String> keys = new LinkedHashSet<>();
        String prefix = prefix();
        for (S3Object o : client().listObjectsV2Paginator(r -> r.bucket(bucket()).prefix(prefix)).contents()) {
            if (o.lastModified().isBefore(before)) {
                PhotoStore.keyOf(o.key().substring(prefix.length())).ifPresent(keys::add);
            }
        }
        keys.forEach(key);
    }

    @Override
    public int removeTemporary(Instant before) {
        // Single PUTs are atomic: an interrupted one leaves nothing.
        return 0;
    }

    @Override
    public String kind() {
        return "s3 " + s3().endpoint().orElse("(AWS)") + " bucket " + s3().bucket().orElse("?") + (prefix().isEmpty() ? "" : " prefix " + prefix());
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
        if (presigner != null) {
            presigner.close();
        }
    }
}
