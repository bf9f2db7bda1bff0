package fr.signalement.photo;

import fr.signalement.S3Server;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** Photos in a real S3 bucket (s3proxy), served through short-lived pre-signed addresses. */
public class S3Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // A folder of its own, to show that nothing lands on the local disk.
        return Map.of("signalement.photos.s3.presigned-links", "true",
                "signalement.photos.dir", "target/test-photos-s3");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3Server.class));
    }
}
