package fr.signalement.open311;

import fr.signalement.PostgisDatabase;
import fr.signalement.geo.Geocoder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** address_string geocoding against the Base Adresse Nationale of Paris. */
@QuarkusTest
@QuarkusTestResource(PostgisDatabase.class)
class Open311GeocoderTest {
    @Inject
    Geocoder geocoder;

    Geocoder.Match find(String text) {
        return geocoder.geocode(text).orElseThrow(() -> new AssertionError("not found: " + text));
    }

    @Test
    void toleratesCaseAccentsPunctuationAndAbbreviations() {
        Geocoder.Match m = find("8 place de l'hotel de ville 75004");
        assertEquals("8 Place de l' Hotel de Ville - Esplanade de la Libération", m.label());
        assertEquals("75004", m.postcode());
        assertTrue(m.exactNumber());
        assertEquals(48.856737, m.lat(), 1e-6);
        assertEquals(2.352092, m.lon(), 1e-6);

        assertEquals("59 Quai de l'Hôtel de Ville", find("59, QUAI DE L’HÔTEL-DE-VILLE, 75004 PARIS").label());
        assertEquals("12 Boulevard Saint-Michel", find("12 bd st michel").label());
        assertEquals("1 Avenue du Général Lemonnier", find("1 av du general lemonnier paris 1er").label());
        assertEquals(geocoder.byId(find("1 Avenue du Général Lemonnier").addressId()).orElseThrow().label(),
                "1 Avenue du Général Lemonnier");
    }

    @Test
    void repetitionAndMissingNumbers() {
        Geocoder.Match bis = find("22 bis avenue du general lemonnier");
        // BAN writes the repetition index as a letter or a word; either way the number is found.
        assertTrue(bis.label().startsWith("22 "), bis.label());
        Geocoder.Match missing = find("9999 avenue du general lemonnier");
        assertFalse(missing.exactNumber());
        assertTrue(missing.label().contains("Avenue du Général Lemonnier"));
        Geocoder.Match street = find("avenue du général lemonnier");
        assertTrue(street.label().contains("Avenue du Général Lemonnier"));
    }

    @Test
    void unknownPlacesAreNotGuessed() {
        assertTrue(geocoder.geocode("1 rue qui n'existe nulle part").isEmpty());
        assertTrue(geocoder.geocode("   ").isEmpty());
        assertTrue(geocoder.geocode("75004").isEmpty());
        assertTrue(geocoder.byId("nope").isEmpty());
    }
}
