package fr.signalement.geo;

/**
 * The address search's SQL, as text: run by {@link AddressSearch} and timed as it is by
 * {@code bench/address}. Plain strings only: this class must load without the rest of the backend.
 */
public final class AddressSql {
    private AddressSql() {
    }

    /** The streets (one row per street and postcode, rebuilt by a trigger, see V19) the search matches in memory. */
    public static final String STREETS = """
            SELECT street, postcode, numbers, ST_Y(centre) AS lat, ST_X(centre) AS lon FROM address_street
            """;

    /** Cheap signature of the street list: it changes when the address base is reloaded. */
    public static final String STREETS_SIGNATURE = """
            SELECT count(*) || ':' || coalesce(sum(numbers), 0) AS signature FROM address_street
            """;

    /**
     * For each street found (arrays {@code streets}, {@code postcodes} in rank order), the address
     * bearing the typed number, or else the nearest number on that street; one index probe each.
     */
    public static final String NUMBERS = """
            SELECT s.ord, a.id, a.numero, a.rep, ST_Y(a.geom) AS lat, ST_X(a.geom) AS lon,
                   a.numero = :numero AND coalesce(a.rep, '') = :rep AS exact
            FROM unnest(CAST(:streets AS text[]), CAST(:postcodes AS text[])) WITH ORDINALITY AS s(street, postcode, ord)
            CROSS JOIN LATERAL (
                SELECT id, numero, rep, geom FROM address
                WHERE street = s.street AND postcode IS NOT DISTINCT FROM s.postcode AND numero IS NOT NULL
                ORDER BY numero = :numero DESC, coalesce(rep, '') = :rep DESC, abs(numero - :numero), id
                LIMIT 1) a
            ORDER BY s.ord
            """;

    /** The address nearest a point, in true metres (the geography index of {@code address}). */
    public static final String NEAREST = """
            WITH pt AS (SELECT geography(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)) AS g)
            SELECT a.id, a.numero, a.rep, a.street, a.postcode, ST_Y(a.geom) AS lat, ST_X(a.geom) AS lon,
                   geography(a.geom) <-> pt.g AS distance_m
            FROM address a, pt
            ORDER BY geography(a.geom) <-> pt.g
            LIMIT 1
            """;
}
