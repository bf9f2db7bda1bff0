package fr.signalement.open311;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads Open311 XML answers with the JDK's DOM parser (no DTDs, no external entities). */
final class Open311Xml {
    static final List<String> SERVICE = List.of("service_code", "service_name", "description", "metadata", "type",
            "keywords", "group");
    static final List<String> REQUEST = List.of("service_request_id", "status", "status_notes", "service_name",
            "service_code", "description", "agency_responsible", "service_notice", "requested_datetime",
            "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
            "extended_attributes");

    private Open311Xml() {
    }

    static Element parse(String body) {
        assertTrue(body.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "XML declaration with UTF-8: " + body);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("Not well-formed XML: " + body, e);
        }
    }

    static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) {
                out.add(el);
            }
        }
        return out;
    }

    static List<String> names(Element e) {
        return children(e).stream().map(Element::getTagName).toList();
    }

    static Element child(Element e, String name) {
        return children(e).stream().filter(c -> c.getTagName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("<" + e.getTagName() + "> has no <" + name + ">: " + names(e)));
    }

    static String text(Element e, String name) {
        return child(e, name).getTextContent();
    }

    /** A list root whose children all carry the item name; returns them. */
    static List<Element> items(Element root, String rootName, String itemName) {
        assertEquals(rootName, root.getTagName());
        List<Element> items = children(root);
        for (Element i : items) {
            assertEquals(itemName, i.getTagName());
        }
        return items;
    }

    /** An {@code <errors><error><code/><description/></error></errors>} answer; returns its code. */
    static int error(String body) {
        Element root = parse(body);
        List<Element> errors = items(root, "errors", "error");
        assertEquals(1, errors.size());
        assertEquals(List.of("code", "description"), names(errors.get(0)));
        assertTrue(!text(errors.get(0), "description").isBlank());
        return Integer.parseInt(text(errors.get(0), "code"));
    }
}
