import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Address search as people type: real BAN addresses of the pack, sent keystroke by keystroke from
 * the third character (as the apps do, give or take their 150 ms pause), some with a typing mistake,
 * plus the address under the pin at the same points. Sequential requests to a backend on 127.0.0.1
 * (the time includes HTTP on loopback, so it bounds the server-side time from above).
 *
 * java bench/address/AddressBench.java BASE_URL BAN_CSV_GZ [ADDRESSES]
 */
public class AddressBench {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path ban = Path.of(args[1]);
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(ban)), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                rows.add(line.split(";", -1));
            }
        }
        Random rnd = new Random(17);
        Collections.shuffle(rows, rnd);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> typed = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        for (String[] a : rows.subList(0, n)) {
            String text = a[2] + (a[3].isEmpty() ? "" : " " + a[3]) + " " + a[4];
            if (rnd.nextInt(4) == 0) {
                // one typing mistake: two neighbouring letters swapped in the street name
                int i = a[2].length() + 3 + rnd.nextInt(Math.max(1, text.length() - a[2].length() - 5));
                char[] c = text.toCharArray();
                char t = c[i]; c[i] = c[i + 1]; c[i + 1] = t;
                text = new String(c);
            }
            for (int k = 3; k <= text.length(); k++) {
                typed.add(text.substring(0, k));
            }
            points.add(new double[]{Double.parseDouble(a[13]), Double.parseDouble(a[12])});
        }
        // warm-up: the JIT, the pool, the street list
        for (int i = 0; i < 500; i++) {
            get(http, base + "/api/v1/geo/addresses?q=" + enc(typed.get(i % typed.size())));
        }
        double[] search = new double[typed.size()];
        int found = 0;
        for (int i = 0; i < typed.size(); i++) {
            long t0 = System.nanoTime();
            String body = get(http, base + "/api/v1/geo/addresses?q=" + enc(typed.get(i)));
            search[i] = (System.nanoTime() - t0) / 1e6;
            if (body.length() > 2) found++;
        }
        double[] nearest = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            long t0 = System.nanoTime();
            get(http, base + "/api/v1/geo/addresses/nearest?lat=" + points.get(i)[0] + "&lon=" + points.get(i)[1]);
            nearest[i] = (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("search as typed: %d requests (%d addresses, %d with something offered): %s%n", search.length, n, found, stats(search));
        System.out.printf("address under the pin: %d requests: %s%n", nearest.length, stats(nearest));
    }

    static String stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return String.format("p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", s[s.length / 2], s[(int) (s.length * 0.95)],
                s[(int) (s.length * 0.99)], s[s.length - 1]);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.statusCode() + " " + url + " " + r.body());
        }
        return r.body();
    }
}
