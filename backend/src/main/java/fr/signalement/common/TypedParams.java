package fr.signalement.common;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the numeric parameters of every resource, so a value that is not a number of the right
 * size ({@code lat=abc}, {@code id=99999999999999999999}, {@code lat=NaN}) is refused with a 400
 * naming the parameter, in French, rather than the bare 404 the JAX-RS default gives a bad query
 * or path value. Only finite numbers are numbers here: no resource has a use for NaN or infinity.
 */
@Provider
public class TypedParams implements ParamConverterProvider {
    private record Kind(String expected, Function<String, Object> parse) {
    }

    private static final Kind INTEGER = new Kind("un entier (de -2147483648 à 2147483647)", Integer::valueOf);
    private static final Kind LONG = new Kind("un entier", Long::valueOf);
    private static final Kind DECIMAL = new Kind("un nombre décimal fini (ex. 48.8566)", TypedParams::finite);

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            Integer.class, INTEGER, int.class, INTEGER,
            Long.class, LONG, long.class, LONG,
            Double.class, DECIMAL, double.class, DECIMAL);

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        Kind kind = KINDS.get(rawType);
        if (kind == null) {
            return null;
        }
        String name = name(annotations);
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return (T) kind.parse().apply(value.strip());
                } catch (NumberFormatException e) {
                    String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
                    throw new BadParameter(name, "Le paramètre « " + name + " » doit être " + kind.expected()
                            + " ; reçu : « " + shown + " ».");
                }
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }

    private static Double finite(String s) {
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) {
            throw new NumberFormatException(s);
        }
        return d;
    }

    private static String name(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            String n = a instanceof QueryParam q ? q.value()
                    : a instanceof PathParam p ? p.value()
                    : a instanceof HeaderParam h ? h.value()
                    : a instanceof FormParam f ? f.value()
                    : a instanceof CookieParam c ? c.value()
                    : a instanceof RestQuery q ? q.value()
                    : a instanceof RestPath p ? p.value()
                    : a instanceof RestForm f ? f.value()
                    : a instanceof RestHeader h ? h.value()
                    : null;
            if (n != null && !n.isEmpty()) {
                return n;
            }
        }
        return "?";
    }
}
