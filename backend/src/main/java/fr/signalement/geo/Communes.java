package fr.signalement.geo;

import fr.signalement.common.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The communes this deployment serves, from the loaded packs: who they are, which territory (the
 * commune itself or its EPCI) brought them, their branding and holiday calendar. Read from the
 * database on every call (a handful of rows): a pack loaded by another process shows at once.
 */
@ApplicationScoped
public class Communes {
    @Inject
    EntityManager em;
    @Inject
    PackConfig packs;

    /** A served commune and its territory. {@code territorySiren} is set for an EPCI. */
    public record Commune(String inseeCode, String name, String siren, String territory, String territoryName,
                          String territoryKind, String territorySiren, String calendar, String primaryColor,
                          String accentColor, String logoUrl, String host) {
        /** Alsace-Moselle's calendar adds Good Friday and 26 December to the public holidays. */
        public boolean alsaceMoselle() {
            return "ALSACE_MOSELLE".equals(calendar);
        }

        /** The EPCI this commune belongs to in this deployment, if its pack is an EPCI's. */
        public boolean inEpci() {
            return "EPCI".equals(territoryKind);
        }
    }


    public List<Commune> served() {
        return Row.list(em.createNativeQuery(GeoSql.COMMUNE + " ORDER BY t.code, c.member_rank, c.name", Tuple.class))
                .stream().map(Communes::of).toList();
    }

    /** An INSEE commune code: five characters, digits but for Corsica's 2A / 2B. */
    private static final java.util.regex.Pattern INSEE = java.util.regex.Pattern.compile("[0-9][0-9AB][0-9]{3}");

    /** Whether a value has the shape of an INSEE commune code (anything else names no commune). */
    public static boolean isInseeCode(String value) {
        return value != null && INSEE.matcher(value).matches();
    }

    public Optional<Commune> byInsee(String inseeCode) {
        if (!isInseeCode(inseeCode)) {
            return Optional.empty();
        }
        return Row.first(em.createNativeQuery(GeoSql.COMMUNE + " WHERE c.insee_code = :code", Tuple.class).setParameter("code", inseeCode))
                .map(Communes::of);
    }

    /** The commune configured for a host name (its own address for the citizen app), if any. */
    public Optional<Commune> byHost(String host) {
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        String bare = host.toLowerCase().replaceFirst(":\\d+$", "");
        if (!bare.matches("[a-z0-9.-]{1,253}")) {
            return Optional.empty();
        }
        return Row.first(em.createNativeQuery(GeoSql.COMMUNE + " WHERE lower(c.host) = :host", Tuple.class).setParameter("host", bare))
                .map(Communes::of);
    }

    /**
     * The commune shown before the app knows where the citizen is: the first member of the first
     * pack configured to load (Paris by default), else the first served commune.
     */
    public Optional<Commune> fallback() {
        String first = packs.load().isEmpty() ? null : packs.load().get(0);
        List<Commune> all = served();
        return all.stream().filter(c -> c.territory().equals(first)).findFirst().or(() -> all.stream().findFirst());
    }

    /** The served territory in words, for refusals: "Paris, Eurométropole de Strasbourg (33 communes)". */
    public String servedTerritory() {
        Map<String, List<Commune>> byTerritory = served().stream()
                .collect(Collectors.groupingBy(Commune::territory, LinkedHashMap::new, Collectors.toList()));
        return byTerritory.values().stream().map(list -> {
            Commune c = list.get(0);
            return list.size() == 1 ? c.name() : c.territoryName() + " (" + list.size() + " communes)";
        }).collect(Collectors.joining(", "));
    }

    /** A commune from a row of {@link GeoSql#COMMUNE}. */
    public static Commune of(Row r) {
        return new Commune(r.text("insee_code"), r.text("name"), r.text("siren"), r.text("territory"), r.text("territory_name"),
                r.text("kind"), r.text("territory_siren"), r.text("calendar"), r.text("primary_color"), r.text("accent_color"),
                r.text("logo_url"), r.text("host"));
    }
}
