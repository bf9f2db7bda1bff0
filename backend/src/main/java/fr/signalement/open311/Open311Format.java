package fr.signalement.open311;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two GeoReport v2 formats. Answers are built once as a tree (ordered maps, {@link Items} for
 * repeated elements, scalars) and written either as JSON or as XML with the specification's element
 * names: a JSON array of objects is an XML list element whose children all carry the item name
 * ({@code services/service}, {@code service_requests/request}, {@code errors/error}…).
 */
public enum Open311Format {
    JSON("application/json; charset=utf-8"), XML("text/xml; charset=utf-8");

    public final String mediaType;

    Open311Format(String mediaType) {
        this.mediaType = mediaType;
    }

    /** A list: a JSON array, or in XML an element per item named {@code itemName}. */
    public record Items(String itemName, List<?> items) {
    }

    /** An answer: the XML root element's name and its content (an ordered map or {@link Items}). */
    public record Doc(String root, Object body) {
    }

    public static Open311Format of(String suffix) {
        if (suffix == null) {
            return null;
        }
        return switch (suffix.toLowerCase()) {
            case "json" -> JSON;
            case "xml" -> XML;
            default -> null;
        };
    }

    /** An ordered map from alternating keys and values. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public static Doc errors(int code, String description) {
        return new Doc("errors", new Items("error", List.of(object("code", code, "description", description))));
    }

    public String write(Doc doc, ObjectMapper json) {
        return this == JSON ? writeJson(doc, json) : writeXml(doc);
    }

    private static String writeJson(Doc doc, ObjectMapper json) {
        try {
            return json.writeValueAsString(plain(doc.body()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Items items) {
            List<Object> out = new ArrayList<>(items.items().size());
            items.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, plain(v)));
            return out;
        }
        return value;
    }

    private static String writeXml(Doc doc) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            element(w, doc.root(), doc.body());
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, Object value) throws XMLStreamException {
        if (value == null) {
            w.writeEmptyElement(name);
            return;
        }
        if (value instanceof Items items) {
            if (items.items().isEmpty()) {
                w.writeEmptyElement(name);
                return;
            }
            w.writeStartElement(name);
            for (Object item : items.items()) {
                element(w, items.itemName(), item);
            }
            w.writeEndElement();
            return;
        }
        if (value instanceof Map<?, ?> map) {
            w.writeStartElement(name);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                element(w, (String) e.getKey(), e.getValue());
            }
            w.writeEndElement();
            return;
        }
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(String.valueOf(value)));
        w.writeEndElement();
    }

    /** Drops the characters XML 1.0 cannot carry at all (control characters other than tab and newlines). */
    static String xmlSafe(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || Character.isSurrogate(c) || (c >= 0xE000 && c <= 0xFFFD);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            } else if (ok && b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
