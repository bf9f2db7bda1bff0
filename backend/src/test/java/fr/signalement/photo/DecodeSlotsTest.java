package fr.signalement.photo;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Photo work is bounded: the pixel count is read from the header before decoding, and at most
 * {@link DecodeSlots#capacity()} photos are decoded at once; a photo that finds every slot taken
 * gets a 503 with Retry-After after a short wait, and nothing is stored. The slots are held here
 * through the real class, so the 503 does not depend on timing.
 */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class DecodeSlotsTest {
    @Inject
    DecodeSlots slots;
    @Inject
    PhotoConfig config;
    @Inject
    AgroalDataSource db;

    /** A PNG that declares {@code width × height} pixels in its header and carries one tiny row of data. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(width);
        d.writeInt(height);
        d.write(new byte[]{8, 0, 0, 0, 0}); // 8-bit greyscale, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater z = new Deflater();
        z.setInput(new byte[width + 1]);
        z.finish();
        byte[] buf = new byte[width + 64];
        int n = z.deflate(buf);
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    static Response upload(int spot, byte[] photo) {
        return given().multiPart("report", "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(spot)
                        + ",\"lon\":" + Spots.lon(spot) + ",\"description\":\"Dépôt sauvage\"}", "application/json")
                .multiPart("photo", "photo.png", photo, "image/png")
                .post("/api/v1/reports");
    }

    @Test
    void aPhotoDeclaringMorePixelsThanTheLimitIsRefusedFromItsHeader() throws Exception {
        // 7000 x 7000 = 49 MP in a file of a few kilobytes: refused before any pixel is decoded.
        byte[] bomb = png(7000, 7000);
        assertTrue(bomb.length < 20_000, "a tiny file: " + bomb.length);
        long reports = count();
        upload(141, bomb).then().statusCode(413).contentType("application/problem+json")
                .body("field", equalTo("photo"))
                .body("detail", containsString(config.maxPixels() / 1_000_000 + " millions de pixels"))
                .body("maxPixels", equalTo((int) config.maxPixels()));
        assertEquals(reports, count(), "no report kept");
    }

    @Test
    void whenEveryDecodeSlotIsTakenAPhotoGetsA503WithRetryAfterAndNothingIsStored() throws Exception {
        byte[] photo = PhotoUploadTest.fixture("small.png");
        long reports = count();
        List<DecodeSlots.Slot> held = new ArrayList<>();
        try {
            for (int i = 0; i < slots.capacity(); i++) {
                held.add(slots.take("test"));
            }
            upload(142, photo).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo(String.valueOf(DecodeSlots.RETRY_AFTER_SECONDS)))
                    .body("field", equalTo("photo"));
            assertEquals(reports, count(), "no report kept");
        } finally {
            held.forEach(DecodeSlots.Slot::close);
        }
        // Slots free again: the same photo goes through, and its own slot was given back.
        upload(142, photo).then().statusCode(201);
        upload(143, photo).then().statusCode(201);
        held.clear();
        for (int i = 0; i < slots.capacity(); i++) {
            held.add(slots.take("test"));
        }
        held.forEach(DecodeSlots.Slot::close);
        // Closed twice, a slot hands back one permit, not two: every slot taken, the next photo waits and is refused.
        held.forEach(DecodeSlots.Slot::close);
        held.clear();
        for (int i = 0; i < slots.capacity(); i++) {
            held.add(slots.take("test"));
        }
        try {
            upload(143, photo).then().statusCode(503);
        } finally {
            held.forEach(DecodeSlots.Slot::close);
        }
    }

    long count() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM report")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
