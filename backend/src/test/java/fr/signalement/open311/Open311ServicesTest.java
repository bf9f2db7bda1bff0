package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.Spots;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Map;

import static fr.signalement.open311.Open311Xml.child;
import static fr.signalement.open311.Open311Xml.items;
import static fr.signalement.open311.Open311Xml.names;
import static fr.signalement.open311.Open311Xml.parse;
import static fr.signalement.open311.Open311Xml.text;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, services, service definitions, jurisdiction and unknown resources, in both formats. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311ServicesTest {
    static final String BASE = "/open311/v2/";

    @Test
    void discoveryJson() {
        given().get(BASE + "discovery.json").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("changeset", equalTo("2026-11-25T00:00:00Z"))
                .body("contact", containsString("Paris"))
                .body("key_service", containsString("api_key"))
                .body("endpoints", hasSize(1))
                .body("endpoints[0].specification", equalTo("http://wiki.open311.org/GeoReport_v2"))
                .body("endpoints[0].url", equalTo("http://localhost:8080/open311/v2"))
                .body("endpoints[0].changeset", equalTo("2026-11-25T00:00:00Z"))
                .body("endpoints[0].type", equalTo("production"))
                .body("endpoints[0].formats", equalTo(List.of("text/xml", "application/json")));
    }

    @Test
    void discoveryXml() {
        Response r = given().get(BASE + "discovery.xml");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        Element root = parse(r.asString());
        assertEquals("discovery", root.getTagName());
        // jurisdictions: one per served commune and EPCI (issue #12), beside the specification's elements.
        assertEquals(List.of("changeset", "contact", "key_service", "jurisdictions", "endpoints"), names(root));
        List<Element> endpoints = items(child(root, "endpoints"), "endpoints", "endpoint");
        assertEquals(1, endpoints.size());
        Element e = endpoints.get(0);
        assertEquals(List.of("specification", "url", "changeset", "type", "formats"), names(e));
        assertEquals("http://wiki.open311.org/GeoReport_v2", text(e, "specification"));
        assertEquals("production", text(e, "type"));
        List<String> formats = items(child(e, "formats"), "formats", "format").stream().map(Element::getTextContent).toList();
        assertEquals(List.of("text/xml", "application/json"), formats);
    }

    @Test
    void servicesJsonListEnabledCategoriesOnly() {
        Response r = given().get(BASE + "services.json");
        r.then().statusCode(200).contentType(startsWith("application/json"))
                .body("size()", greaterThan(10))
                .body("service_code", hasItem(Spots.POTHOLE))
                .body("service_code", not(hasItem(Spots.DISABLED)));
        List<Map<String, Object>> services = r.jsonPath().getList("$");
        Map<String, Object> pothole = services.stream().filter(s -> Spots.POTHOLE.equals(s.get("service_code"))).findFirst().orElseThrow();
        assertEquals(List.copyOf(Open311Xml.SERVICE), List.copyOf(pothole.keySet()));
        // Every service has a definition (its fixmystreet_id attribute): FixMyStreet reads it only then.
        assertEquals(true, pothole.get("metadata"));
        assertEquals("realtime", pothole.get("type"));
        assertFalse(((String) pothole.get("service_name")).isBlank());
        assertFalse(((String) pothole.get("group")).isBlank());
        assertTrue(((String) pothole.get("description")).contains("Voirie et déplacements"), pothole.toString());
        assertFalse(((String) pothole.get("keywords")).isBlank());
    }

    @Test
    void servicesXml() {
        Response r = given().get(BASE + "services.xml");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        List<Element> services = items(parse(r.asString()), "services", "service");
        assertTrue(services.size() > 10);
        for (Element s : services) {
            assertEquals(Open311Xml.SERVICE, names(s));
            assertEquals("realtime", text(s, "type"));
            assertEquals("true", text(s, "metadata"));
        }
        assertTrue(services.stream().anyMatch(s -> text(s, "service_code").equals(Spots.POTHOLE)));
        assertTrue(services.stream().noneMatch(s -> text(s, "service_code").equals(Spots.DISABLED)));
        // Same list as JSON.
        assertEquals(given().get(BASE + "services.json").jsonPath().getList("service_code"),
                services.stream().map(s -> text(s, "service_code")).toList());
    }

    /**
     * One attribute, the client's own id of the report, which FixMyStreet fills in itself (its
     * default id_field, "server_set": never asked of the citizen) once the definition declares it.
     */
    @Test
    void serviceDefinitionDeclaresTheClientsIdOnly() {
        given().get(BASE + "services/" + Spots.POTHOLE + ".json").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("service_code", equalTo(Spots.POTHOLE))
                .body("attributes", hasSize(1))
                .body("attributes[0].code", equalTo("fixmystreet_id"))
                .body("attributes[0].automated", equalTo("server_set"))
                .body("attributes[0].required", equalTo(false))
                .body("attributes[0].variable", equalTo(false))
                .body("attributes[0].datatype", equalTo("string"))
                .body("attributes[0].order", equalTo(1));
        Response r = given().get(BASE + "services/" + Spots.POTHOLE + ".xml");
        r.then().statusCode(200).contentType(startsWith("text/xml"));
        Element root = parse(r.asString());
        assertEquals("service_definition", root.getTagName());
        assertEquals(List.of("service_code", "attributes"), names(root));
        assertEquals(Spots.POTHOLE, text(root, "service_code"));
        List<Element> attributes = items(child(root, "attributes"), "attributes", "attribute");
        assertEquals(1, attributes.size());
        assertEquals(List.of("variable", "code", "datatype", "required", "datatype_description", "order", "description",
                "automated"), names(attributes.get(0)));
        assertEquals("fixmystreet_id", text(attributes.get(0), "code"));
        assertEquals("server_set", text(attributes.get(0), "automated"));
        assertEquals("false", text(attributes.get(0), "required"));
    }

    @Test
    void unknownOrDisabledServiceIs404() {
        for (String code : List.of("no-such-service", Spots.DISABLED)) {
            given().get(BASE + "services/" + code + ".json").then().statusCode(404)
                    .contentType(startsWith("application/json"))
                    .body("size()", equalTo(1))
                    .body("[0].code", equalTo(404))
                    .body("[0].description", containsString(code));
            Response r = given().get(BASE + "services/" + code + ".xml");
            r.then().statusCode(404).contentType(startsWith("text/xml"));
            assertEquals(404, Open311Xml.error(r.asString()));
        }
    }

    @Test
    void jurisdictionIsTheCommunesInseeCode() {
        given().queryParam("jurisdiction_id", "75056").get(BASE + "services.json").then().statusCode(200);
        given().queryParam("jurisdiction_id", "75056").get(BASE + "discovery.xml").then().statusCode(200);
        for (String path : List.of("discovery", "services", "services/" + Spots.POTHOLE, "requests", "requests/SIG-2026-000001",
                "tokens/2f1c3c1e-1111-4a4a-9999-000000000000")) {
            given().queryParam("jurisdiction_id", "69123").get(BASE + path + ".json").then().statusCode(404)
                    .body("[0].code", equalTo(404))
                    .body("[0].description", containsString("69123"));
            Response r = given().queryParam("jurisdiction_id", "69123").get(BASE + path + ".xml");
            r.then().statusCode(404).contentType(startsWith("text/xml"));
            assertEquals(404, Open311Xml.error(r.asString()));
        }
    }

    @Test
    void unknownResourcesAndFormatsAnswerInSpecForm() {
        given().get(BASE + "nothing.json").then().statusCode(404).body("[0].code", equalTo(404));
        Response r = given().get(BASE + "nothing.xml");
        r.then().statusCode(404);
        assertEquals(404, Open311Xml.error(r.asString()));
        given().get(BASE + "services.csv").then().statusCode(400).body("[0].code", equalTo(400));
        given().get(BASE + "services").then().statusCode(400).body("[0].code", equalTo(400));
        Response del = given().delete(BASE + "services.xml");
        del.then().statusCode(405);
        assertEquals(405, Open311Xml.error(del.asString()));
    }
}
