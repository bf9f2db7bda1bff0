package fr.signalement.web;

import fr.signalement.geo.Communes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The citizen app's own index page (pwa-citizen/index.html) in a commune's branding, as its host name serves it. */
class BrandedPageTest {
    static Communes.Commune commune(String name, String primary, String accent, String logo) {
        return new Communes.Commune("67447", name, null, "strasbourg", "Eurométropole de Strasbourg", "EPCI", "246700488",
                "ALSACE_MOSELLE", primary, accent, logo, "signaler.schiltigheim.example");
    }

    @Test
    void theCommunesNameColoursAndLogoAreInThePageItself() throws Exception {
        byte[] index = Files.readAllBytes(Path.of("../pwa-citizen/index.html"));
        String page = new String(BrandedPage.of(index, commune("Schiltigheim", "#a6192e", "#1f4e79", "/logo.svg")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(page.contains("<span id=\"commune-name\">Schiltigheim</span>"), page);
        assertTrue(page.contains("<title>Signaler un problème — Schiltigheim</title>"), page);
        assertTrue(page.contains("<html lang=\"fr\" style=\"--primary:#a6192e;--on-primary:#ffffff;--accent:#1f4e79;--on-accent:#ffffff\">"), page);
        assertTrue(page.contains("<img id=\"logo\" src=\"/logo.svg\" alt=\"\" width=\"32\" height=\"32\" />"), page);
        assertFalse(page.contains(">Signalement<"), page);
    }

    @Test
    void aPaleColourIsDarkenedAsTheAppDoesAndNamesAreEscaped() throws Exception {
        byte[] index = Files.readAllBytes(Path.of("../pwa-citizen/index.html"));
        String page = new String(BrandedPage.of(index, commune("Saint-<b>", "#ffee00", "#fff", null)),
                java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--primary:(#[0-9a-f]{6})").matcher(page);
        assertTrue(m.find(), page);
        assertTrue(BrandedPage.contrast(m.group(1), "#ffffff") >= 4.5, m.group(1));
        assertTrue(page.contains("--on-accent:#000000"), page);
        assertTrue(page.contains("<span id=\"commune-name\">Saint-&lt;b&gt;</span>"), page);
        assertTrue(page.contains("<img id=\"logo\" alt=\"\" width=\"32\" height=\"32\" hidden />"), "no logo: still hidden");
        // What pwa-citizen/src/lib/theme.ts's ensureContrast('#ffee00') gives (run under Node), so the colours
        // do not change when the app's script applies /api/v1/config.
        assertEquals("#7a7200", m.group(1));
    }
}
