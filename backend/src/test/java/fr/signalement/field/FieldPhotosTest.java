package fr.signalement.field;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import fr.signalement.Staff;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Several photos per job, before and after the work (issue #16). Spot 251 (SHUTTER_GRAFFITI). */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class FieldPhotosTest {
    @Test
    void beforeAndAfterPhotosAreKeptApartAndTheDispatcherSeesBoth() throws Exception {
        FieldCrew crew = new FieldCrew(Spots.SHUTTER_GRAFFITI, "Propreté photos");
        Staff.Account agent = crew.agent;
        int id = crew.assignedAlert(Spots.lat(251), Spots.lon(251), "Tag");
        byte[] photo;
        try (InputStream in = getClass().getResourceAsStream("/photos/street.jpg")) {
            photo = in.readAllBytes();
        }
        String before = UUID.randomUUID().toString();
        upload(agent, id, photo, before, "BEFORE").then().statusCode(201).body("intervention.photos.kind", hasItem("BEFORE"));
        // Replayed by the offline queue: once.
        upload(agent, id, photo, before, "BEFORE").then().statusCode(200).body("replayed", equalTo(true));
        // The same id for an AFTER photo is another action: refused.
        upload(agent, id, photo, before, "AFTER").then().statusCode(422).body("field", equalTo("clientActionId"));
        upload(agent, id, photo, UUID.randomUUID().toString(), "AFTER").then().statusCode(201);
        upload(agent, id, photo, UUID.randomUUID().toString(), null).then().statusCode(201); // no kind: AFTER, as before
        upload(agent, id, photo, UUID.randomUUID().toString(), "DURING").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("kind"));
        crew.dispatcher.as().get("/api/v1/alerts/" + id).then().statusCode(200)
                .body("beforePhotos.size()", equalTo(1))
                .body("afterPhotos.size()", equalTo(2))
                .body("timeline.findAll { it.type == 'BEFORE_PHOTO' }.size()", equalTo(1))
                .body("timeline.findAll { it.type == 'AFTER_PHOTO' }.size()", equalTo(2));
    }

    static io.restassured.response.Response upload(Staff.Account agent, int id, byte[] photo, String actionId, String kind) {
        var req = agent.as().contentType("multipart/form-data").multiPart("photo", "p.jpg", photo, "image/jpeg")
                .multiPart("clientActionId", actionId);
        if (kind != null) {
            req = req.multiPart("kind", kind);
        }
        return req.post("/api/v1/interventions/" + id + "/photos");
    }
}
