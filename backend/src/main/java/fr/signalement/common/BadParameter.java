package fr.signalement.common;

import jakarta.ws.rs.BadRequestException;

/**
 * A query, path, header or form parameter whose text is not of its declared type. It is a
 * {@link jakarta.ws.rs.WebApplicationException} so REST hands it to the mappers as it is, instead
 * of wrapping it into the 404 the JAX-RS specification prescribes for a bad query or path value.
 */
public class BadParameter extends BadRequestException {
    private final String parameter;

    public BadParameter(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public Problem toProblem() {
        return new Problem(400, "Requête invalide", getMessage(), parameter);
    }
}
