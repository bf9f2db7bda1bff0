package fr.signalement.web;

import fr.signalement.geo.Communes;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The citizen app's index page in a commune's branding, for requests to the commune's own host
 * name: its name in the header and the title, its colours and logo are in the HTML itself, so the
 * first paint is already the commune's (the app applies the same from {@code /api/v1/config} once
 * its script runs; the colours get the same contrast guarantee as {@code pwa-citizen/src/lib/theme.ts}).
 */
final class BrandedPage {
    private BrandedPage() {
    }

    private static final Pattern HTML = Pattern.compile("<html([^>]*)>");
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");
    private static final Pattern NAME = Pattern.compile("(<span id=\"commune-name\">)[^<]*(</span>)");
    private static final Pattern LOGO = Pattern.compile("<img id=\"logo\"([^>]*?)\\s+hidden(\\s*/?>)");

    static byte[] of(byte[] page, Communes.Commune c) {
        String html = new String(page, StandardCharsets.UTF_8);
        String primary = parse(c.primaryColor()) == null ? "#1d4f91" : ensureContrast(c.primaryColor());
        String accent = parse(c.accentColor()) == null ? "#e5a50a" : c.accentColor().strip();
        String style = "--primary:" + primary + ";--on-primary:" + textOn(primary)
                + ";--accent:" + accent + ";--on-accent:" + textOn(accent);
        html = HTML.matcher(html).replaceFirst(m -> Matcher.quoteReplacement("<html" + m.group(1) + " style=\"" + style + "\">"));
        String name = escape(c.name());
        html = TITLE.matcher(html).replaceFirst(m -> Matcher.quoteReplacement("<title>" + m.group(1) + " — " + name + "</title>"));
        html = NAME.matcher(html).replaceFirst(m -> Matcher.quoteReplacement(m.group(1) + name + m.group(2)));
        if (c.logoUrl() != null && !c.logoUrl().isBlank()) {
            html = LOGO.matcher(html).replaceFirst(m -> Matcher.quoteReplacement(
                    "<img id=\"logo\" src=\"" + escape(c.logoUrl()) + "\"" + m.group(1) + m.group(2)));
        }
        return html.getBytes(StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static int[] parse(String hex) {
        if (hex == null) {
            return null;
        }
        Matcher m = Pattern.compile("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$").matcher(hex.strip());
        if (!m.matches()) {
            return null;
        }
        String h = m.group(1);
        if (h.length() == 3) {
            h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
        }
        return new int[]{Integer.parseInt(h.substring(0, 2), 16), Integer.parseInt(h.substring(2, 4), 16),
                Integer.parseInt(h.substring(4, 6), 16)};
    }

    private static String hex(double[] rgb) {
        StringBuilder b = new StringBuilder("#");
        for (double v : rgb) {
            b.append(String.format("%02x", (int) Math.max(0, Math.min(255, Math.round(v)))));
        }
        return b.toString();
    }

    static double luminance(String hex) {
        int[] rgb = parse(hex);
        if (rgb == null) {
            return 0;
        }
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            double c = rgb[i] / 255.0;
            l[i] = c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }

    static double contrast(String a, String b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static String textOn(String bg) {
        return contrast(bg, "#ffffff") >= contrast(bg, "#000000") ? "#ffffff" : "#000000";
    }

    /** Darkens the colour until white text on it reaches 4.5:1 (WCAG AA), as the app does. */
    static String ensureContrast(String color) {
        int[] p = parse(color);
        double[] rgb = {p[0], p[1], p[2]};
        for (int i = 0; i < 40 && contrast(hex(rgb), "#ffffff") < 4.5; i++) {
            rgb = new double[]{rgb[0] * 0.9, rgb[1] * 0.9, rgb[2] * 0.9};
        }
        return hex(rgb);
    }
}
