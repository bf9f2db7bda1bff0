package fr.signalement.agent.core;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** Plain JVM: where a job is, in words, when one deployment serves several communes (issue #12). */
public class InterventionPlaceTest {
    @Test
    public void theCommuneFollowsTheQuartierUnlessItIsItsName() {
        // Field API JSON: "commune": {"inseeCode", "name"} (backend field/Intervention).
        assertEquals("Place Kléber — Grande-Île — Strasbourg", Intervention.parse("{\"address\":\"Place Kléber\","
                + "\"quartier\":\"Grande-Île\",\"commune\":{\"inseeCode\":\"67482\",\"name\":\"Strasbourg\"}}").place());
        // The 32 other communes of the Eurométropole are one quartier each, named after the commune.
        assertEquals("Centre — Schiltigheim", Intervention.parse("{\"address\":\"Centre\",\"quartier\":\"Schiltigheim\","
                + "\"commune\":{\"inseeCode\":\"67447\",\"name\":\"Schiltigheim\"}}").place());
        assertEquals("Strasbourg", Intervention.parse("{\"commune\":{\"inseeCode\":\"67482\",\"name\":\"Strasbourg\"}}").place());
        // A job cached by an older version of the app, before the server sent the commune.
        assertEquals("1 rue de Rivoli — Saint-Merri", Intervention.parse("{\"address\":\"1 rue de Rivoli\",\"quartier\":\"Saint-Merri\"}").place());
    }
}
