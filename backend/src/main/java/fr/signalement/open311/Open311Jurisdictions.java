package fr.signalement.open311;

import fr.signalement.geo.Communes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Open311 jurisdictions: one per served commune ({@code jurisdiction_id} = its INSEE code) and one
 * per EPCI (its SIREN), each with its own catalogue (the territory's categories).
 */
@ApplicationScoped
public class Open311Jurisdictions {
    @Inject
    Communes communes;

    /**
     * @param inseeCode the commune's INSEE code; null for an EPCI as a whole
     * @param type      "commune" or "epci"
     */
    public record Jurisdiction(String id, String name, String type, String territory, String inseeCode) {
    }

    public List<Jurisdiction> all() {
        List<Jurisdiction> out = new ArrayList<>();
        Set<String> epcis = new LinkedHashSet<>();
        for (Communes.Commune c : communes.served()) {
            if (c.inEpci() && c.territorySiren() != null && epcis.add(c.territorySiren())) {
                out.add(new Jurisdiction(c.territorySiren(), c.territoryName(), "epci", c.territory(), null));
            }
            out.add(new Jurisdiction(c.inseeCode(), c.name(), "commune", c.territory(), c.inseeCode()));
        }
        return out;
    }

    /** The INSEE codes a jurisdiction covers (a commune: itself; an EPCI: its communes); null: the whole deployment. */
    public List<String> communesOf(Jurisdiction j) {
        if (j == null) {
            return null;
        }
        if (j.inseeCode() != null) {
            return List.of(j.inseeCode());
        }
        return communes.served().stream().filter(c -> j.territory().equals(c.territory())).map(Communes.Commune::inseeCode).toList();
    }

    public Optional<Jurisdiction> byId(String id) {
        return all().stream().filter(j -> j.id().equals(id)).findFirst();
    }
}
