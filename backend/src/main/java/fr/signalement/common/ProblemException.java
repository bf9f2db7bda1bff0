package fr.signalement.common;

import java.util.LinkedHashMap;
import java.util.Map;

/** Thrown anywhere to refuse a request with a clear problem+json answer. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(400, "Requête invalide", detail, field);
    }

    public static ProblemException unprocessable(String field, String detail) {
        return new ProblemException(422, "Signalement impossible à traiter", detail, field);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Introuvable", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflit", detail, null);
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** A response header to send with the problem (e.g. {@code Retry-After} on a 503). */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        Problem p = new Problem(status, title, getMessage(), field);
        extensions.forEach(p::with);
        return p;
    }
}
