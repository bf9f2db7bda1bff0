package fr.signalement.photo;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class PhotoUploadTest {
    @Inject
    AgroalDataSource db;
    @Inject
    PhotoConfig config;
    @Inject
    PhotoAnonymisation anonymisation;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = PhotoUploadTest.class.getResourceAsStream("/photos/" + name)) {
            return in.readAllBytes();
        }
    }

    static String reportJson(int spot) {
        return "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":" + Spots.lat(spot) + ",\"lon\":" + Spots.lon(spot)
                + ",\"description\":\"Matelas sur le trottoir\"}";
    }

    static Response upload(int spot, String filename, byte[] bytes, String mime) {
        var req = given().multiPart("report", reportJson(spot), "application/json");
        if (bytes != null) {
            req = req.multiPart("photo", filename, bytes, mime);
        }
        return req.post("/api/v1/reports");
    }

    @Test
    void jpegIsStoredUprightWithoutExifAndWithAThumbnail() throws Exception {
        // 1200x800 pixels, EXIF orientation 6 (turned 90 degrees), GPS position and a camera serial number.
        Response r = upload(40, "street.jpg", fixture("street.jpg"), "image/jpeg");
        r.then().statusCode(201);
        String tn = r.path("trackingNumber");
        Response follow = given().queryParam("token", (String) r.path("followToken")).get("/api/v1/reports/" + tn);
        follow.then().statusCode(200).body("photos", hasSize(1));
        anonymisation.drain(); // the public version (what the follow page shows) is made after the acknowledgement
        byte[] stored = given().get((String) follow.path("photos[0].url")).then().statusCode(200)
                .contentType("image/jpeg").extract().asByteArray();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(stored));
        assertEquals(800, img.getWidth(), "rotated upright: portrait");
        assertEquals(1200, img.getHeight());
        Metadata md = ImageMetadataReader.readMetadata(new ByteArrayInputStream(stored));
        assertNull(md.getFirstDirectoryOfType(GpsDirectory.class), "no GPS block");
        assertNull(md.getFirstDirectoryOfType(ExifIFD0Directory.class), "no EXIF block");
        for (Directory d : md.getDirectories()) {
            d.getTags().forEach(t -> assertTrue(!t.getDescription().contains("SN123456"), "no camera serial: " + t));
        }
        byte[] thumb = given().get((String) follow.path("photos[0].thumbnailUrl")).then().statusCode(200).extract().asByteArray();
        BufferedImage t = ImageIO.read(new ByteArrayInputStream(thumb));
        assertEquals(320, Math.max(t.getWidth(), t.getHeight()));
    }

    @Test
    void largeImagesAreResizedAndPngAndWebpAccepted() throws Exception {
        BufferedImage big = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        Random rnd = new Random(1);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            g.fillRect(rnd.nextInt(4000), rnd.nextInt(3000), 300, 200);
        }
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(big, "jpeg", jpeg);
        Response r = upload(41, "big.jpg", jpeg.toByteArray(), "image/jpeg");
        r.then().statusCode(201);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.width, p.height FROM photo p JOIN report r ON r.id = p.report_id "
                     + "WHERE r.tracking_number = '" + r.path("trackingNumber") + "'")) {
            rs.next();
            // Decoded at 1/2 in the DCT domain: 2000 x 1500, within the 2048 px bound, never full size in memory.
            assertEquals(2000, rs.getInt(1));
            assertEquals(1500, rs.getInt(2));
        }
        upload(42, "small.png", fixture("small.png"), "image/png").then().statusCode(201);
        // The declared type is ignored: the bytes say WebP.
        upload(43, "street.bin", fixture("street.webp"), "application/octet-stream").then().statusCode(201);
    }

    @Test
    void refusedPhotosLeaveNeitherReportNorFile() throws Exception {
        long reports = count("SELECT count(*) FROM report");
        long files = files();
        upload(44, "pixel.gif", fixture("pixel.gif"), "image/jpeg").then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("JPEG, PNG ou WebP"))
                .body("field", equalTo("photo"));
        upload(44, "notes.txt", "hello, this is text".getBytes(), "image/png").then().statusCode(415);
        // A valid photo beside an invalid one: nothing is kept.
        given().multiPart("report", reportJson(44), "application/json")
                .multiPart("photo", "street.jpg", fixture("street.jpg"), "image/jpeg")
                .multiPart("photo", "pixel.gif", fixture("pixel.gif"), "image/gif")
                .post("/api/v1/reports").then().statusCode(415);
        // Over 15 MB.
        byte[] huge = new byte[(int) config.maxBytes() + 1];
        System.arraycopy(fixture("street.jpg"), 0, huge, 0, 1000);
        upload(44, "huge.jpg", huge, "image/jpeg").then().statusCode(413).contentType("application/problem+json");
        // Four photos.
        var four = given().multiPart("report", reportJson(44), "application/json");
        for (int i = 0; i < 4; i++) {
            four = four.multiPart("photo", "p" + i + ".png", fixture("small.png"), "image/png");
        }
        four.post("/api/v1/reports").then().statusCode(400).body("field", equalTo("photo"));
        // A valid photo with a position outside the commune.
        given().multiPart("report", "{\"categoryCode\":\"" + Spots.BULKY + "\",\"lat\":48.8049,\"lon\":2.1204}", "application/json")
                .multiPart("photo", "street.jpg", fixture("street.jpg"), "image/jpeg")
                .post("/api/v1/reports").then().statusCode(422);
        given().multiPart("photo", "street.jpg", fixture("street.jpg"), "image/jpeg")
                .post("/api/v1/reports").then().statusCode(400).body("field", equalTo("report"));
        given().multiPart("report", "{not json", "application/json")
                .post("/api/v1/reports").then().statusCode(400).body("field", equalTo("report"));
        assertEquals(reports, count("SELECT count(*) FROM report"));
        assertEquals(files, files(), "no orphan file");
    }

    @Test
    void orientationMatricesTurnPixelsUpright() {
        OpenCv.load();
        // A 3x2 image with a marked top-left pixel, stored as each EXIF orientation would store it.
        Mat upright = new Mat(2, 3, CvType.CV_8UC3, new Scalar(0, 0, 0));
        upright.put(0, 0, new byte[]{0, 0, (byte) 255});
        assertEquals(255, Pixels.upright(upright, 1).get(0, 0)[2]);
        // Orientation 6: the camera was turned clockwise, the stored image must be turned back.
        Mat stored6 = new Mat(3, 2, CvType.CV_8UC3, new Scalar(0, 0, 0));
        stored6.put(2, 0, new byte[]{0, 0, (byte) 255}); // top-left of the scene ends up bottom-left when stored
        Mat fixed = Pixels.upright(stored6, 6);
        assertEquals(3, fixed.cols());
        assertEquals(2, fixed.rows());
        assertEquals(255, fixed.get(0, 0)[2], "stored bottom-left is the scene's top-left");
        for (int o = 2; o <= 8; o++) {
            Mat out = Pixels.upright(new Mat(2, 3, CvType.CV_8UC3, new Scalar(0, 0, 0)), o);
            assertEquals(o >= 5 ? 2 : 3, out.cols(), "orientation " + o);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long files() throws IOException {
        Path dir = Path.of(config.dir());
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
