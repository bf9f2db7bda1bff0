package fr.signalement.web;

import fr.signalement.PostgisDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Static files: hashed assets stay immutable, everything named the same across versions is revalidated. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class StaticCachingTest {
    @Test
    void unhashedFilesAreRevalidatedOnEveryLoad() {
        given().get("/caching-probe.js").then().statusCode(200).header("Cache-Control", equalTo("no-cache"));
    }

    @Test
    void hashedAssetsStayImmutable() {
        given().get("/assets/caching-probe-Ab12Cd34.js").then().statusCode(200)
                .header("Cache-Control", containsString("immutable"));
    }
}
