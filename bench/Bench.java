import fr.signalement.alert.AlertSql;
import fr.signalement.common.NamedSql;
import fr.signalement.geo.GeoSql;
import fr.signalement.report.IntakeSql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signalement benchmark: replays the real DansMaRue reports through the HTTP API, measures ingest
 * throughput and nearby latency over HTTP, and runs the very SQL of the intake and of the nearby
 * endpoint straight against PostgreSQL (JDBC) in the same run, on the same database, with the same
 * concurrency, to print the HTTP / raw SQL ratios.
 *
 * <p>Launched by bench/run.sh as a single-file program:
 * {@code java -cp postgresql.jar:backend/target/classes bench/Bench.java --base URL --jdbc URL --csv FILE --jpeg FILE --out DIR}
 * (the backend's classes give it the backend's own SQL).
 * Every loop is bounded by a count and by a time limit; all traffic goes to the given base URL and JDBC URL.
 */
public class Bench {
    // ------------------------------------------------------------------ configuration
    static String base = "http://127.0.0.1:8080";
    static String jdbcUrl = "jdbc:postgresql://127.0.0.1:5432/signalement_bench";
    static String dbUser = env("PGUSER", "postgres");
    static String dbPassword = env("PGPASSWORD", "");
    static String csvPath = "../shared/data/reports/dansmarue_paris_sample_2023-07_2024-09.csv";
    static String jpegPath = "bench/out/photo-1mb.jpg";
    static String pwaJpegPath = null;   // optional: a photo as the PWA sends it (<= 1600 px, <= 450 KB)
    static Path outDir = Path.of("bench/out");
    static int clients = 8;
    static int seedOpen = 100_000;      // extra open alerts seeded with generate_series
    static int seedClosed = 30_000;     // and closed ones, which the partial index must skip
    static int ingestCount = 500;       // reports per slice and side, ingest without photo
    static int photoCount = 30;         // reports per slice and side, ingest with a photo
    static int nearbyCount = 1_000;     // nearby queries per slice and side
    static int rounds = 6;              // slices: HTTP and raw SQL alternate, against machine noise
    static int replayLimit = Integer.MAX_VALUE;
    static Set<String> phases = Set.of("replay", "seed", "ingest", "photo", "nearby");
    static Duration phaseCap = Duration.ofMinutes(4);   // no measurement loop runs longer than this
    static Duration replayCap = Duration.ofMinutes(20);
    static Path costPids = null;        // "role pid" lines (backend, postgres, s3proxy, haproxy): CPU cost per report
    static Path bucketDir = null;       // the photo bucket's folder (s3proxy's filesystem store): bytes per report

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final Map<String, Object> RESULTS = new LinkedHashMap<>();
    static final StringBuilder SUMMARY = new StringBuilder();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--base" -> base = v.replaceAll("/+$", "");
                case "--jdbc" -> jdbcUrl = v;
                case "--csv" -> csvPath = v;
                case "--jpeg" -> jpegPath = v;
                case "--pwa-jpeg" -> pwaJpegPath = v;
                case "--out" -> outDir = Path.of(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--seed-open" -> seedOpen = Integer.parseInt(v);
                case "--ingest" -> ingestCount = Integer.parseInt(v);
                case "--photos" -> photoCount = Integer.parseInt(v);
                case "--nearby" -> nearbyCount = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--replay-limit" -> replayLimit = Integer.parseInt(v);
                case "--phases" -> phases = Set.of(v.split(","));
                case "--cost-pids" -> costPids = Path.of(v);
                case "--bucket-dir" -> bucketDir = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(outDir);
        URI baseUri = URI.create(base);
        if (!Set.of("127.0.0.1", "localhost").contains(baseUri.getHost()) || !jdbcUrl.startsWith("jdbc:postgresql://127.0.0.1")
                && !jdbcUrl.startsWith("jdbc:postgresql://localhost")) {
            throw new IllegalArgumentException("the bench only talks to 127.0.0.1");
        }
        RESULTS.put("startedAt", Instant.now().toString());
        RESULTS.put("config", map("base", base, "jdbc", jdbcUrl, "clients", clients, "cpus",
                Runtime.getRuntime().availableProcessors(), "rounds", rounds));

        Map<String, Cat> cats = categories();
        List<Row> rows = readCsv(Path.of(csvPath));
        if (phases.contains("replay")) {
            replay(rows, cats);
        }
        if (phases.contains("seed")) {
            seed();
        }

        // Workload for the measurements: real DansMaRue positions and categories (enabled ones),
        // moved by up to ~20 m, so they fall where reports really fall, and mostly open new alerts.
        List<Row> usable = rows.stream().filter(r -> cats.containsKey(r.code) && cats.get(r.code).enabled).toList();
        Random rnd = new Random(42);
        openRawPool(spots(usable, 400, rnd));
        // HTTP and raw SQL alternate in short slices, so that both sides see the same background load
        // (this machine is shared and noisy); the figures pool all slices of a side.
        Map<String, Object> ingest = new LinkedHashMap<>();
        byte[] jpeg = Files.readAllBytes(Path.of(jpegPath));
        byte[] pwaJpeg = pwaJpegPath == null ? null : Files.readAllBytes(Path.of(pwaJpegPath));
        if (phases.contains("ingest")) {
            List<Stats> h = new ArrayList<>(), r = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            // Warm-up (the JIT of the intake's path; a fresh JVM is several times slower for its first
            // few thousand reports), not recorded.
            ingestHttp(spots(usable, 2 * ingestCount, rnd), null);
            for (int round = 1; round <= rounds; round++) {
                asAutovacuumWould();
                h.add(Cost.of("ingest-http", () -> ingestHttp(spots(usable, ingestCount, rnd), null)));
                r.add(Cost.of("ingest-sql", () -> ingestSql(spots(usable, ingestCount, rnd), false)));
                ratios.add(h.get(round - 1).rate() / r.get(round - 1).rate());
            }
            Stats hp = Stats.pool("ingest-http", h), rp = Stats.pool("ingest-sql", r);
            double ratio = hp.rate() / rp.rate();
            ingest.put("noPhoto", map("http", hp.json(), "rawSql", rp.json(), "ratio", round3(ratio),
                    "sliceRatios", ratios.stream().map(Bench::round3).toList(), "target", 0.90, "targetMet", ratio >= 0.90));
            line("**Ingest without photo** (%d clients, %d x %d reports per side, interleaved): HTTP **%.0f reports/s** vs raw SQL **%.0f reports/s** -> HTTP/raw = **%.0f %%** (target >= 90 %%, issue #13; slices %s). Latency HTTP p50 %.1f ms p99 %.1f ms; raw p50 %.1f ms p99 %.1f ms.",
                    clients, rounds, ingestCount, hp.rate(), rp.rate(), 100 * ratio, percents(ratios), hp.p(50), hp.p(99), rp.p(50), rp.p(99));
        }
        if (phases.contains("photo")) {
            List<Stats> h = new ArrayList<>(), r = new ArrayList<>(), w = new ArrayList<>();
            int photoRounds = Math.max(1, rounds / 2);
            for (int round = 1; round <= photoRounds; round++) {
                h.add(Cost.of("ingest-http-photo", () -> ingestHttp(spots(usable, photoCount, rnd), jpeg)));
                r.add(Cost.of("ingest-sql-photo", () -> ingestSql(spots(usable, photoCount, rnd), true)));
                // The raw side's photo rows point at no object: out of the anonymisation queue (outside the
                // timed slice), or the backend's anonymiser would spend the next slices failing on them.
                try (Connection c = db(); Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM photo_anonymisation WHERE photo_id IN (SELECT id FROM photo WHERE storage_key LIKE 'bench-raw-%')");
                }
                if (pwaJpeg != null) {
                    w.add(Cost.of("ingest-http-pwa-photo", () -> ingestHttp(spots(usable, photoCount, rnd), pwaJpeg)));
                }
            }
            Stats hp = Stats.pool("ingest-http-photo", h), rp = Stats.pool("ingest-sql-photo", r);
            Map<String, Object> m = map("jpegBytes", jpeg.length, "retriesAfter503", PHOTO_RETRIES.get(), "http", hp.json(), "rawSql", rp.json(), "ratio", round3(hp.rate() / rp.rate()));
            line("**Ingest with a %.2f MB JPEG** (%s, %d clients, %d reports per side): HTTP **%.2f reports/s** (p50 %.0f ms, p99 %.0f ms) vs raw SQL with the photo row **%.0f reports/s** -> HTTP/raw = **%.1f %%**: decoding, scaling and re-encoding the photo is the cost, not the database.",
                    jpeg.length / 1e6, Path.of(jpegPath).getFileName(), clients, hp.done, hp.rate(), hp.p(50), hp.p(99), rp.rate(), 100 * hp.rate() / rp.rate());
            if (pwaJpeg != null) {
                Stats wp = Stats.pool("ingest-http-pwa-photo", w);
                m.put("pwaJpegBytes", pwaJpeg.length);
                m.put("httpPwaPhoto", wp.json());
                m.put("pwaRatio", round3(wp.rate() / rp.rate()));
                line("Ingest with a %.0f KB JPEG as the citizen app sends it (1600x1067; the PWA scales to <= 1600 px, <= 450 KB): HTTP **%.2f reports/s** (p50 %.0f ms, p99 %.0f ms) -> HTTP/raw = %.1f %%.",
                        pwaJpeg.length / 1e3, wp.rate(), wp.p(50), wp.p(99), 100 * wp.rate() / rp.rate());
            }
            ingest.put("photo", m);
        }
        RESULTS.put("ingest", ingest);

        Map<String, Object> nearby = new LinkedHashMap<>();
        nearby.put("openAlerts", scalar("SELECT count(*) FROM alert WHERE status IN ('NEW','QUALIFIED','ASSIGNED','IN_PROGRESS')"));
        nearby.put("allAlerts", scalar("SELECT count(*) FROM alert"));
        if (phases.contains("nearby")) {
            List<Spot> warm = spots(usable, 3_000, rnd);
            nearbyHttp(warm, clients); // warm-up (JIT of the endpoint's path), not recorded
            nearbySql(warm, clients);
            List<Stats> h1 = new ArrayList<>(), s1 = new ArrayList<>(), d1 = new ArrayList<>(), h8 = new ArrayList<>(), s8 = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                List<Spot> q = spots(usable, nearbyCount, rnd);
                h1.add(nearbyHttp(q, 1));
                s1.add(nearbySql(q, 1));
                d1.add(dedupSql(q));
                h8.add(Cost.of("nearby-http-n", () -> nearbyHttp(q, clients)));
                s8.add(Cost.of("nearby-sql-n", () -> nearbySql(q, clients)));
            }
            Stats a = Stats.pool("nearby-http-1", h1), b2 = Stats.pool("nearby-sql-1", s1), d = Stats.pool("dedup-sql-1", d1),
                    a8 = Stats.pool("nearby-http-" + clients, h8), b8 = Stats.pool("nearby-sql-" + clients, s8);
            nearby.put("http1", a.json());
            nearby.put("rawSql1", b2.json());
            nearby.put("dedupLookupRawSql1", d.json());
            nearby.put("http" + clients, a8.json());
            nearby.put("rawSql" + clients, b8.json());
            nearby.put("httpP99SlicesMs", h1.stream().map(x -> round3(x.p(99))).toList());
            nearby.put("targetP99Ms", 10);
            nearby.put("targetMet", a.p(99) < 10);
            line("**Nearby** (GET /api/v1/alerts/nearby, 1 client, %d queries per side, interleaved): HTTP **p50 %.2f ms, p99 %.2f ms** (p99 per slice %s) | raw SQL p50 %.2f ms, p99 %.2f ms (target: HTTP p99 < 10 ms).",
                    a.done, a.p(50), a.p(99), h1.stream().map(x -> String.format(Locale.ROOT, "%.1f", x.p(99))).toList(), b2.p(50), b2.p(99));
            double[] nearbyMs = serverSideMs(AlertSql.NEARBY, spots(usable, 2_000, rnd), false, cats);
            double[] dedupMs = serverSideMs(AlertSql.MATCHING_ALERT, spots(usable, 2_000, rnd), true, cats);
            nearby.put("serverSideNearbyMs", map("p50", round3(pct(nearbyMs, 50)), "p99", round3(pct(nearbyMs, 99)), "max", round3(pct(nearbyMs, 100))));
            nearby.put("serverSideDedupMs", map("p50", round3(pct(dedupMs, 50)), "p99", round3(pct(dedupMs, 99)), "max", round3(pct(dedupMs, 100))));
            line("Inside PostgreSQL (clock_timestamp() around each execution in a PL/pgSQL loop, 2,000 points, no client or scheduling in between): nearby query p50 %.2f ms, p99 %.2f ms; dedup SELECT p50 %.2f ms, p99 %.2f ms.",
                    pct(nearbyMs, 50), pct(nearbyMs, 99), pct(dedupMs, 50), pct(dedupMs, 99));
            line("Dedup lookup of the intake alone (grid-cell advisory locks + SELECT ... FOR UPDATE, raw SQL, 1 client): p50 %.2f ms, p99 %.2f ms.", d.p(50), d.p(99));
            line("Nearby with %d clients: HTTP %.0f req/s, p50 %.2f ms, p99 %.2f ms | raw SQL %.0f req/s, p50 %.2f ms, p99 %.2f ms.",
                    clients, a8.rate(), a8.p(50), a8.p(99), b8.rate(), b8.p(50), b8.p(99));
        }
        RESULTS.put("nearby", nearby);
        if (costPids != null) {
            RESULTS.put("costPerRequest", Cost.report());
        }
        explain();

        for (Connection c : RAW) {
            c.close();
        }
        RESULTS.put("finishedAt", Instant.now().toString());
        Files.writeString(outDir.resolve("results.json"), toJson(RESULTS, "") + "\n");
        Files.writeString(outDir.resolve("summary.md"), "# Signalement bench — " + RESULTS.get("startedAt") + "\n\n" + SUMMARY);
        System.out.println("\nwrote " + outDir.resolve("results.json") + " and " + outDir.resolve("summary.md"));
    }

    // ------------------------------------------------------------------ catalogue and data
    record Cat(long id, String code, String group, boolean enabled, int deadlineHours, int radiusM) {
    }

    /** A DansMaRue row, with its category code computed by the rule of scripts/gen_catalog_seed.py. */
    record Row(String id, String type, String sub, String date, String prefixe, double lat, double lon, String code) {
    }

    record Spot(String code, double lat, double lon) {
    }

    static Map<String, Cat> categories() throws SQLException {
        Map<String, Cat> out = new HashMap<>();
        try (Connection c = db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, code, group_label, enabled, deadline_hours, dedup_radius_m FROM category")) {
            while (rs.next()) {
                out.put(rs.getString(2), new Cat(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getInt(5), rs.getInt(6)));
            }
        }
        return out;
    }

    /** Same as slug() in scripts/gen_catalog_seed.py. */
    static String slug(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("[^\\x00-\\x7F]", "").toLowerCase(Locale.ROOT);
        t = t.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        t = t.length() > 64 ? t.substring(0, 64) : t;
        return t.replaceAll("-+$", "");
    }

    /** Same as clean_label() in scripts/gen_catalog_seed.py. */
    static String cleanLabel(String s) {
        s = s.replaceFirst("^\\[[^\\]]*\\]\\s*", "").strip();
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static List<Row> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = parseCsvLine(lines.get(0));
        int iId = header.indexOf("id_dmr"), iType = header.indexOf("type"), iSub = header.indexOf("soustype"),
                iDate = header.indexOf("datedecl"), iPre = header.indexOf("prefixe"), iLat = header.indexOf("lat"),
                iLon = header.indexOf("lon");
        List<String[]> raw = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                raw.add(parseCsvLine(l).toArray(String[]::new));
            }
        }
        // Codes are given in the generator's order, (type, soustype) sorted, "-2"... on collisions.
        TreeSet<String> pairs = new TreeSet<>();
        for (String[] f : raw) {
            pairs.add(f[iType] + "\u0000" + f[iSub]);
        }
        Map<String, String> codeOf = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (String p : pairs) {
            String code = slug(cleanLabel(p.substring(p.indexOf('\u0000') + 1)));
            String b = code;
            for (int n = 2; used.contains(code); n++) {
                code = (b.length() > 60 ? b.substring(0, 60) : b) + "-" + n;
            }
            used.add(code);
            codeOf.put(p, code);
        }
        List<Row> rows = new ArrayList<>();
        for (String[] f : raw) {
            rows.add(new Row(f[iId], f[iType], f[iSub], f[iDate], f[iPre], Double.parseDouble(f[iLat]),
                    Double.parseDouble(f[iLon]), codeOf.get(f[iType] + "\u0000" + f[iSub])));
        }
        return rows;
    }

    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    static List<Spot> spots(List<Row> rows, int n, Random rnd) {
        List<Spot> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Row r = rows.get(rnd.nextInt(rows.size()));
            double dLat = (rnd.nextDouble() * 2 - 1) * 20 / 111_320.0;
            double dLon = (rnd.nextDouble() * 2 - 1) * 20 / (111_320.0 * Math.cos(Math.toRadians(r.lat)));
            out.add(new Spot(r.code, r.lat + dLat, r.lon + dLon));
        }
        return out;
    }

    // ------------------------------------------------------------------ (1) replay
    static final Pattern ALERT_ID = Pattern.compile("\"alertId\":(\\d+)");
    static final Pattern JOINED = Pattern.compile("\"joinedExistingAlert\":(true|false)");

    static void replay(List<Row> rows, Map<String, Cat> cats) throws Exception {
        Map<String, Integer> disabledBySub = new TreeMap<>();
        Map<String, Integer> prefixes = new TreeMap<>();
        List<Row> todo = new ArrayList<>();
        int unmapped = 0;
        for (Row r : rows) {
            prefixes.merge(r.prefixe, 1, Integer::sum);
            Cat c = cats.get(r.code);
            if (c == null) {
                unmapped++;
            } else if (!c.enabled) {
                disabledBySub.merge(r.code, 1, Integer::sum);
            } else if (todo.size() < replayLimit) {
                todo.add(r);
            }
        }
        int disabled = disabledBySub.values().stream().mapToInt(i -> i).sum();
        line("## Replay of the real DansMaRue reports\n");
        line("%d rows read; %d skipped because their category is disabled (%d categories: internal \"[...]\" or \"à requalifier\" sub-types); %d with no matching category; %d sent to POST /api/v1/reports (channel pwa; DansMaRue channels were %s).",
                rows.size(), disabled, disabledBySub.size(), unmapped, todo.size(), prefixes);

        long[] alertOf = new long[todo.size()];
        boolean[] joined = new boolean[todo.size()];
        int[] status = new int[todo.size()];
        Stats st = run("replay", todo.size(), clients, replayCap, i -> {
            Row r = todo.get(i);
            String body = String.format(Locale.ROOT,
                    "{\"categoryCode\":\"%s\",\"lat\":%.7f,\"lon\":%.7f,\"channel\":\"pwa\",\"description\":\"DansMaRue %s du %s\"}",
                    r.code, r.lat, r.lon, r.id, r.date);
            HttpResponse<String> resp = postJson(body);
            status[i] = resp.statusCode();
            if (resp.statusCode() == 201) {
                Matcher m = ALERT_ID.matcher(resp.body());
                Matcher j = JOINED.matcher(resp.body());
                if (m.find() && j.find()) {
                    alertOf[i] = Long.parseLong(m.group(1));
                    joined[i] = Boolean.parseBoolean(j.group(1));
                }
            }
            return resp.statusCode() == 201;
        });
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<Long, List<Integer>> reportsOfAlert = new HashMap<>();
        int merged = 0;
        for (int i = 0; i < todo.size(); i++) {
            if (status[i] != 0) {
                byStatus.merge(status[i], 1, Integer::sum);
            }
            if (status[i] == 201) {
                reportsOfAlert.computeIfAbsent(alertOf[i], k -> new ArrayList<>()).add(i);
                merged += joined[i] ? 1 : 0;
            }
        }
        int accepted = byStatus.getOrDefault(201, 0);
        int alerts = reportsOfAlert.size();
        // The bench never closes an alert, so every merge above is "as if alerts never closed". How many
        // of them would have happened with alerts closing? Paris publishes no closure date; as a proxy,
        // count the merges whose report came within the category's committed deadline of the previous
        // report of the same alert (the problem plausibly not fixed yet), and within 7 and 30 days.
        int withinDeadline = 0, within7 = 0, within30 = 0;
        Map<String, Integer> mergesByGroup = new TreeMap<>();
        int biggest = 0;
        for (List<Integer> idx : reportsOfAlert.values()) {
            biggest = Math.max(biggest, idx.size());
            List<LocalDate> dates = idx.stream().map(i -> LocalDate.parse(todo.get(i).date)).sorted().toList();
            Cat c = cats.get(todo.get(idx.get(0)).code);
            for (int k = 1; k < dates.size(); k++) {
                long days = ChronoUnit.DAYS.between(dates.get(k - 1), dates.get(k));
                withinDeadline += days <= Math.ceil(c.deadlineHours / 24.0) ? 1 : 0;
                within7 += days <= 7 ? 1 : 0;
                within30 += days <= 30 ? 1 : 0;
            }
            if (idx.size() > 1) {
                mergesByGroup.merge(c.group, idx.size() - 1, Integer::sum);
            }
        }
        long dbAlerts = scalar("SELECT count(*) FROM alert");
        long dbReports = scalar("SELECT count(*) FROM report");
        long dbSum = scalar("SELECT coalesce(sum(report_count), 0) FROM alert");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rows", rows.size());
        out.put("skippedDisabledCategory", disabled);
        out.put("disabledCategories", disabledBySub);
        out.put("unmappedCategory", unmapped);
        out.put("sent", st.done);
        out.put("httpStatus", byStatus);
        out.put("accepted", accepted);
        out.put("alerts", alerts);
        out.put("mergedReports", merged);
        out.put("dedupRatio_reportsPerAlert", round3(accepted / (double) Math.max(1, alerts)));
        out.put("mergedShare", round3(merged / (double) Math.max(1, accepted)));
        out.put("largestAlertReports", biggest);
        out.put("mergesIfAlertsNeverClose", merged);
        out.put("mergesWithinCategoryDeadline", withinDeadline);
        out.put("mergesWithin7Days", within7);
        out.put("mergesWithin30Days", within30);
        out.put("mergesByGroup", mergesByGroup);
        out.put("db", map("alerts", dbAlerts, "reports", dbReports, "sumReportCount", dbSum));
        out.put("throughput", st.json());
        RESULTS.put("replay", out);
        line("HTTP answers: %s. %d reports became **%d alerts** (%d reports merged into an existing alert, %.1f %%; %.3f reports per alert; largest alert %d reports). Database check: %d alerts, %d reports, sum of report_count %d.",
                byStatus, accepted, alerts, merged, 100.0 * merged / Math.max(1, accepted), accepted / (double) Math.max(1, alerts),
                biggest, dbAlerts, dbReports, dbSum);
        line("No alert is closed during the bench, so all %d merges are what happens if alerts never close. Merges whose report came within the category's committed deadline of the previous report of the same alert: %d; within 7 days: %d; within 30 days: %d. Merges by group: %s.",
                merged, withinDeadline, within7, within30, mergesByGroup);
        line("Replay throughput (growing table, %d clients): %.0f reports/s, p50 %.1f ms, p99 %.1f ms.\n", clients, st.rate(), st.p(50), st.p(99));
    }

    // ------------------------------------------------------------------ seeding to >= 100,000 open alerts
    static void seed() throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = db(); Statement s = c.createStatement()) {
            long maxId = scalar(c, "SELECT coalesce(max(id), 0) FROM alert");
            String insert = """
                    WITH cats AS (SELECT array_agg(id ORDER BY id) AS ids FROM category WHERE enabled),
                         box AS (SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
                                 FROM (SELECT ST_Extent(geom)::geometry AS e FROM commune) b),
                         pts AS (SELECT ST_SetSRID(ST_MakePoint(x0 + random() * (x1 - x0), y0 + random() * (y1 - y0)), 4326) AS p,
                                        now() - random() * interval '90 days' AS t, random() AS r
                                 FROM box, generate_series(1, %d)),
                         inside AS (SELECT p, t, r, (SELECT ids[1 + floor(random() * cardinality(ids))::int] FROM cats WHERE pts.r >= 0) AS cat
                                    FROM pts WHERE ST_Covers((SELECT geom FROM commune LIMIT 1), p) LIMIT %d)
                    INSERT INTO alert (category_id, service_id, status, position, address, report_count,
                                       first_report_at, last_report_at, due_at, created_at, updated_at, channel, closed_at)
                    SELECT cat, (SELECT service_id FROM category WHERE id = cat), %s, p, 'adresse de test', 1 + floor(r * 3)::int,
                           t, t, t + interval '3 days', t, t, 'pwa', %s
                    FROM inside
                    """;
            int open = s.executeUpdate(String.format(Locale.ROOT, insert, seedOpen * 2, seedOpen,
                    "(ARRAY['NEW','NEW','NEW','QUALIFIED','ASSIGNED','IN_PROGRESS'])[1 + floor(random() * 6)::int]", "NULL"));
            int closed = s.executeUpdate(String.format(Locale.ROOT, insert, seedClosed * 2, seedClosed, "'CLOSED'", "t + interval '2 days'"));
            // One report and one CREATED event per seeded alert, so the tables the intake writes have realistic sizes.
            s.executeUpdate("INSERT INTO report (tracking_number, alert_id, category_id, position, channel, received_at, due_at) "
                    + "SELECT 'SEED-' || id, id, category_id, position, 'pwa', first_report_at, due_at FROM alert WHERE id > " + maxId);
            s.executeUpdate("INSERT INTO alert_event (alert_id, at, type, actor, to_status, report_id) "
                    + "SELECT a.id, a.first_report_at, 'CREATED', 'citizen', 'NEW', r.id FROM alert a JOIN report r ON r.alert_id = a.id WHERE a.id > " + maxId);
            s.execute("ANALYZE");
            long openNow = scalar(c, "SELECT count(*) FROM alert WHERE status IN ('NEW','QUALIFIED','ASSIGNED','IN_PROGRESS')");
            long cats = scalar(c, "SELECT count(DISTINCT category_id) FROM alert WHERE id > " + maxId);
            double secs = (System.nanoTime() - t0) / 1e9;
            RESULTS.put("seed", map("openAlertsSeeded", open, "closedAlertsSeeded", closed, "categories", cats,
                    "openAlertsTotal", openNow, "seconds", round3(secs)));
            line("## Measurements at %d open alerts\n", openNow);
            line("Seeded %d open + %d closed alerts (random points inside the commune boundary, %d categories, one report each) in %.1f s with generate_series, then ANALYZE: %d open alerts in the table.\n",
                    open, closed, cats, secs, openNow);
        }
    }

    // ------------------------------------------------------------------ (2) HTTP
    static HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String reportJson(Spot s) {
        return String.format(Locale.ROOT, "{\"categoryCode\":\"%s\",\"lat\":%.7f,\"lon\":%.7f,\"channel\":\"pwa\",\"description\":\"bench\"}",
                s.code, s.lat, s.lon);
    }

    static final AtomicInteger PHOTO_RETRIES = new AtomicInteger();

    static Stats ingestHttp(List<Spot> spots, byte[] jpeg) throws Exception {
        return run(jpeg == null ? "ingest-http" : "ingest-http-photo", spots.size(), clients, phaseCap, i -> {
            HttpResponse<String> r;
            if (jpeg == null) {
                r = postJson(reportJson(spots.get(i)));
            } else {
                String boundary = "bench" + UUID.randomUUID();
                ByteArrayOutputStream b = new ByteArrayOutputStream(jpeg.length + 1024);
                b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"report\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + reportJson(spots.get(i)) + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.jpg\"\r\n"
                        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                b.writeBytes(jpeg);
                b.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                // A 503 with Retry-After (every photo worker busy; nothing was stored) is retried after the
                // delay asked, as the citizen app does: the rate measured is the rate photos are accepted.
                for (int attempt = 1; ; attempt++) {
                    r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports")).timeout(Duration.ofSeconds(120))
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 503 || attempt == 10) {
                        break;
                    }
                    PHOTO_RETRIES.incrementAndGet();
                    Thread.sleep(1000L * Math.min(10, Integer.parseInt(r.headers().firstValue("Retry-After").orElse("2"))));
                }
            }
            if (r.statusCode() != 201) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return true;
        });
    }

    static Stats nearbyHttp(List<Spot> spots, int threads) throws Exception {
        return run("nearby-http-" + threads, spots.size(), threads, phaseCap, i -> {
            Spot s = spots.get(i);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(String.format(Locale.ROOT,
                    "%s/api/v1/alerts/nearby?lat=%.7f&lon=%.7f&categoryCode=%s", base, s.lat, s.lon, s.code)))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
            }
            return true;
        });
    }

    // ------------------------------------------------------------------ (3) the same SQL, straight to PostgreSQL
    // The intake's and the nearby lookup's statements are the backend's own (fr.signalement.alert.AlertSql,
    // compiled into backend/target/classes, on this program's class path): nothing to keep in step.
    // The intake's first step is fr.signalement.report.IntakeSql.TARGET; the nearby lookup's and warm-up's locate is GeoSql's.
    static final NamedSql TARGET = new NamedSql(IntakeSql.TARGET);
    static final NamedSql LOCATE = new NamedSql(GeoSql.LOCATE);
    static final NamedSql LOCK_CELLS = new NamedSql(AlertSql.LOCK_CELLS);
    static final NamedSql MATCHING_ALERT = new NamedSql(AlertSql.MATCHING_ALERT);
    static final NamedSql JOIN_ALERT = new NamedSql(AlertSql.JOIN_ALERT);
    static final NamedSql OPEN_ALERT = new NamedSql(AlertSql.OPEN_ALERT);
    static final NamedSql ADD_REPORT = new NamedSql(AlertSql.ADD_REPORT);
    static final NamedSql RECENTRE = new NamedSql(AlertSql.RECENTRE);
    static final NamedSql APPEND_STEP = new NamedSql(AlertSql.APPEND_STEP);
    static final NamedSql ADD_PHOTO = new NamedSql(AlertSql.ADD_PHOTO);
    static final NamedSql CATEGORY_GROUP = new NamedSql(AlertSql.CATEGORY_GROUP);
    static final NamedSql NEARBY = new NamedSql(AlertSql.NEARBY);

    /**
     * The raw SQL side's connections, opened once and warmed up, like the backend's Agroal pool (a
     * PostgreSQL session's first geography call costs ~200 ms of PostGIS/PROJ set-up).
     */
    static final BlockingQueue<Connection> RAW = new LinkedBlockingQueue<>();

    static void openRawPool(List<Spot> warm) throws Exception {
        Map<String, Cat> cats = categories();
        for (int i = 0; i < clients; i++) {
            Connection c = db();
            c.setAutoCommit(false);
            RAW.add(c);
        }
        run("warm-up-sql", warm.size(), clients, phaseCap, i -> withRaw(c -> {
            Spot s = warm.get(i);
            try (PreparedStatement ps = LOCATE.prepare(c, "lon", s.lon, "lat", s.lat)) {
                ps.executeQuery().close();
            }
            nearbyOne(c, s);
            dedupLookup(c, cats.get(s.code).id, s, cats.get(s.code).radiusM);
            c.rollback();
            return true;
        }));
    }

    interface SqlTask {
        boolean run(Connection c) throws SQLException;
    }

    static boolean withRaw(SqlTask task) throws Exception {
        Connection c = RAW.take();
        try {
            return task.run(c);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            RAW.put(c);
        }
    }

    static Stats ingestSql(List<Spot> spots, boolean photoRow) throws Exception {
        return run(photoRow ? "ingest-sql-photo" : "ingest-sql", spots.size(), clients, phaseCap,
                i -> withRaw(c -> ingestOne(c, spots.get(i), photoRow)));
    }

    /**
     * One report the way Intake.submit does it: one statement in autocommit to resolve the target
     * (category, place, commune, competent service), then a transaction to store it.
     */
    static boolean ingestOne(Connection c, Spot s, boolean photoRow) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long categoryId, serviceId;
        int radius, deadlineHours;
        String quartier, sector, address;
        c.setAutoCommit(true);
        try (PreparedStatement ps = TARGET.prepare(c, "lon", s.lon, "lat", s.lat, "code", s.code)) {
            ResultSet rs = ps.executeQuery();
            rs.next();
            if (rs.getObject("category_id") == null || !rs.getBoolean("category_enabled") || !rs.getBoolean("inside")) {
                return false;
            }
            categoryId = rs.getLong("category_id");
            deadlineHours = rs.getInt("deadline_hours");
            radius = rs.getInt("dedup_radius_m");
            serviceId = rs.getLong("service_id");
            quartier = rs.getString("quartier_code");
            sector = rs.getString("sector_code");
            address = rs.getString("address");
        } finally {
            c.setAutoCommit(false);
        }
        Instant dueAt = now.plus(deadlineHours, ChronoUnit.HOURS);
        // What Joining.receive runs, statement for statement.
        Long alertId = dedupLookup(c, categoryId, s, radius);
        boolean joined = alertId != null;
        String status = "NEW";
        if (joined) {
            try (PreparedStatement ps = JOIN_ALERT.prepare(c, "at", now, "alert", alertId)) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                status = rs.getString("status");
                dueAt = rs.getTimestamp("due_at").toInstant();
            }
        } else {
            try (PreparedStatement ps = OPEN_ALERT.prepare(c, "category", categoryId, "service", serviceId, "lon", s.lon,
                    "lat", s.lat, "quartier", quartier, "sector", sector, "address", address, "at", now, "due", dueAt,
                    "channel", "pwa", "insee", "75056")) {
                ResultSet rs = ps.executeQuery();
                rs.next();
                alertId = rs.getLong(1);
            }
        }
        long reportId;
        try (PreparedStatement ps = ADD_REPORT.prepare(c, "year", "2026", "alert", alertId, "category", categoryId,
                "lon", s.lon, "lat", s.lat, "accuracy", null, "description", "bench", "email", null, "channel", "pwa",
                "at", now, "due", dueAt, "quartier", quartier, "address", address, "support", false, "key", null, "hash", null,
                "insee", "75056")) {
            ResultSet rs = ps.executeQuery();
            rs.next();
            reportId = rs.getLong("id");
        }
        if (joined) {
            try (PreparedStatement ps = RECENTRE.prepare(c, "alert", alertId)) {
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = APPEND_STEP.prepare(c, "alert", alertId, "at", now,
                "type", joined ? "REPORT_ADDED" : "CREATED", "actor", "citizen", "actorId", null, "from", null,
                "to", status, "note", null, "reason", null, "report", reportId, "clientAction", null, "data", null)) {
            ps.executeQuery().close();
        }
        if (photoRow) {
            try (PreparedStatement ps = ADD_PHOTO.prepare(c, "report", reportId, "alert", alertId,
                    "key", "bench-raw-" + UUID.randomUUID(), "width", 2048, "height", 1365, "bytes", 400_000, "at", now)) {
                ps.executeUpdate();
            }
        }
        c.commit();
        return true;
    }

    /** Joining.matchingAlert: grid-cell advisory locks, then the nearest open alert of the category, locked. */
    /** The service of each category: a Paris report's competent service (MATCHING_ALERT keeps to it). */
    static final Map<Long, Long> SERVICE_OF = new java.util.concurrent.ConcurrentHashMap<>();

    static long serviceOf(Connection c, long categoryId) throws SQLException {
        Long known = SERVICE_OF.get(categoryId);
        if (known == null) {
            known = scalar(c, "SELECT service_id FROM category WHERE id = " + categoryId);
            SERVICE_OF.put(categoryId, known);
        }
        return known;
    }

    static Long dedupLookup(Connection c, long categoryId, Spot s, int radius) throws SQLException {
        String cells = AlertSql.cellKeys(s.lat, s.lon, radius).stream().map(String::valueOf).collect(Collectors.joining(","));
        try (PreparedStatement ps = LOCK_CELLS.prepare(c, "category", (int) categoryId, "cells", cells)) {
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = MATCHING_ALERT.prepare(c, "category", categoryId, "service", serviceOf(c, categoryId),
                "lon", s.lon, "lat", s.lat,
                "radius", (double) radius)) {
            ResultSet rs = ps.executeQuery();
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    static Stats nearbySql(List<Spot> spots, int threads) throws Exception {
        return run("nearby-sql-" + threads, spots.size(), threads, phaseCap, i -> withRaw(c -> nearbyOne(c, spots.get(i))));
    }

    /** What AlreadyReportedResource.nearby runs: the category's group, then the nearby query, in one transaction. */
    static boolean nearbyOne(Connection c, Spot s) throws SQLException {
        String group;
        try (PreparedStatement ps = CATEGORY_GROUP.prepare(c, "code", s.code)) {
            ResultSet rs = ps.executeQuery();
            group = rs.next() ? rs.getString(1) : null;
        }
        try (PreparedStatement ps = NEARBY.prepare(c, "lon", s.lon, "lat", s.lat, "radius", 150.0, "grp", group, "limit", 5)) {
            ResultSet rs = ps.executeQuery();
            while (rs.next()) {
                rs.getLong(1);
            }
        }
        c.commit();
        return true;
    }

    /** Latency of the dedup step alone (advisory locks + SELECT ... FOR UPDATE), rolled back. */
    static Stats dedupSql(List<Spot> spots) throws Exception {
        Map<String, Cat> cats = categories();
        return run("dedup-sql-1", spots.size(), 1, phaseCap, i -> withRaw(c -> {
            Spot s = spots.get(i);
            Cat cat = cats.get(s.code);
            dedupLookup(c, cat.id, s, cat.radiusM);
            c.rollback();
            return true;
        }));
    }

    /**
     * Execution times of a query measured inside PostgreSQL: a PL/pgSQL loop with a cached plan (as a
     * prepared statement has) times each execution with clock_timestamp(). The floor under both the
     * HTTP and the JDBC figures, free of client and network wake-ups.
     */
    static double[] serverSideMs(String sql, List<Spot> spots, boolean dedup, Map<String, Cat> cats) throws SQLException {
        // The statement with the loop's variables in place of its parameters.
        String q = NamedSql.inline(sql.replace("FOR UPDATE", ""), Map.of("category", "CAST(keys[i] AS bigint)",
                "lon", "lons[i]", "lat", "lats[i]", "grp", "keys[i]", "limit", "5", "radius", "radii[i]",
                "service", "(SELECT service_id FROM category WHERE id = CAST(keys[i] AS bigint))"));
        String fn = "CREATE OR REPLACE FUNCTION pg_temp.bench_ms(lons float8[], lats float8[], radii float8[], keys text[]) "
                + "RETURNS float8[] LANGUAGE plpgsql AS $f$ DECLARE res float8[] := '{}'; t0 timestamptz; "
                + "BEGIN FOR i IN 1..array_length(lons, 1) LOOP t0 := clock_timestamp(); "
                + "PERFORM count(*) FROM (" + q + ") x; "
                + "res := res || (extract(epoch FROM clock_timestamp() - t0) * 1000); END LOOP; RETURN res; END $f$";
        Map<String, String> groups = new HashMap<>();
        for (Cat c : cats.values()) {
            groups.put(c.code, c.group);
        }
        try (Connection c = db()) {
            c.createStatement().execute(fn);
            Double[] lons = spots.stream().map(x -> x.lon).toArray(Double[]::new);
            Double[] lats = spots.stream().map(x -> x.lat).toArray(Double[]::new);
            Double[] radii = spots.stream().map(x -> dedup ? (double) cats.get(x.code).radiusM : 150.0).toArray(Double[]::new);
            String[] keys = spots.stream().map(x -> dedup ? String.valueOf(cats.get(x.code).id) : groups.get(x.code)).toArray(String[]::new);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_temp.bench_ms(?, ?, ?, ?)")) {
                ps.setArray(1, c.createArrayOf("float8", lons));
                ps.setArray(2, c.createArrayOf("float8", lats));
                ps.setArray(3, c.createArrayOf("float8", radii));
                ps.setArray(4, c.createArrayOf("text", keys));
                ResultSet rs = ps.executeQuery();
                rs.next();
                Double[] ms = (Double[]) rs.getArray(1).getArray();
                // The first executions plan and warm the session: keep the last 90 %.
                return Arrays.stream(ms).skip(ms.length / 10).mapToDouble(d -> d).sorted().toArray();
            }
        }
    }

    static double pct(double[] sorted, double pct) {
        int idx = (int) Math.ceil(pct / 100.0 * sorted.length) - 1;
        return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    /** EXPLAIN ANALYZE of the dedup and nearby queries at one busy spot, into the results. */
    static void explain() throws SQLException {
        try (Connection c = db()) {
            Map<String, Object> plans = new LinkedHashMap<>();
            String pothole = "trottoirs-affaissement-trou-bosse-pave-arrache";
            long catId = scalar(c, "SELECT id FROM category WHERE code = '" + pothole + "'");
            String dedup = NamedSql.inline(AlertSql.MATCHING_ALERT.replace("FOR UPDATE", ""), Map.of("category",
                    String.valueOf(catId), "service", String.valueOf(scalar(c, "SELECT service_id FROM category WHERE id = " + catId)),
                    "lon", "2.3522", "lat", "48.8566", "radius", "30"));
            String nearby = NamedSql.inline(AlertSql.NEARBY, Map.of("lon", "2.3522", "lat", "48.8566", "radius", "150",
                    "grp", "'Voirie et espace public'", "limit", "5"));
            for (var e : Map.of("dedup", dedup, "nearby", nearby).entrySet()) {
                List<String> plan = new ArrayList<>();
                c.createStatement().execute("EXPLAIN ANALYZE " + e.getValue()); // warm the connection's caches first
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + e.getValue())) {
                    while (rs.next()) {
                        plan.add(rs.getString(1));
                    }
                }
                plans.put(e.getKey(), plan);
                Files.writeString(outDir.resolve("explain-" + e.getKey() + ".txt"), String.join("\n", plan) + "\n");
            }
            RESULTS.put("explain", plans);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ load loop and statistics
    interface Task {
        boolean run(int i) throws Exception;
    }

    static final class Stats {
        final String name;
        int done, ok, failed;
        double seconds;
        long[] nanos;
        String firstError;

        Stats(String name) {
            this.name = name;
        }

        /** All slices of one side as one measurement: summed counts and times, pooled latencies. */
        static Stats pool(String name, List<Stats> parts) {
            Stats p = new Stats(name);
            p.nanos = parts.stream().flatMapToLong(x -> Arrays.stream(x.nanos)).sorted().toArray();
            for (Stats x : parts) {
                p.done += x.done;
                p.ok += x.ok;
                p.failed += x.failed;
                p.seconds += x.seconds;
                p.firstError = p.firstError != null ? p.firstError : x.firstError;
            }
            return p;
        }

        double rate() {
            return ok / seconds;
        }

        double p(double pct) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(pct / 100.0 * nanos.length) - 1;
            return nanos[Math.max(0, Math.min(nanos.length - 1, idx))] / 1e6;
        }

        Map<String, Object> json() {
            return map("requests", done, "ok", ok, "failed", failed, "seconds", round3(seconds), "perSecond", round3(rate()),
                    "p50Ms", round3(p(50)), "p90Ms", round3(p(90)), "p99Ms", round3(p(99)), "maxMs", round3(p(100)),
                    "firstError", firstError);
        }
    }

    /** Runs count tasks on threads workers, each taking the next index; stops early at the time cap. */
    static Stats run(String name, int count, int threads, Duration cap, Task task) throws Exception {
        Stats st = new Stats(name);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger();
        long[] lat = new long[count];
        boolean[] doneAt = new boolean[count];
        String[] firstError = new String[1];
        long start = System.nanoTime(), deadline = start + cap.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    boolean good;
                    try {
                        good = task.run(i);
                    } catch (Exception e) {
                        good = false;
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = e.toString();
                            }
                        }
                    }
                    lat[i] = System.nanoTime() - t0;
                    doneAt[i] = true;
                    (good ? ok : failed).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        st.seconds = (System.nanoTime() - start) / 1e9;
        List<Long> l = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (doneAt[i]) {
                l.add(lat[i]);
            }
        }
        st.nanos = l.stream().mapToLong(x -> x).sorted().toArray();
        st.done = st.nanos.length;
        st.ok = ok.get();
        st.failed = failed.get();
        st.firstError = firstError[0];
        System.err.printf(Locale.ROOT, "  %-20s %6d done, %6d ok, %4d failed in %6.1f s (%.1f/s)%s%n", name, st.done, st.ok,
                st.failed, st.seconds, st.rate(), st.firstError == null ? "" : "  first error: " + st.firstError);
        return st;
    }

    // ------------------------------------------------------------------ helpers
    /**
     * On a PostgreSQL without autovacuum (this CI machine's runs with {@code autovacuum = off}), does
     * what it would have done by now in production, outside the measured slices: the outbox's dead
     * row versions (every delivery and retry delay leaves some) made each of the worker's looks read
     * ~940 buffers instead of ~40, and the merge lookup needs the alert table's statistics.
     */
    static void asAutovacuumWould() throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SHOW autovacuum")) {
                rs.next();
                if (rs.getString(1).equals("on")) {
                    return;
                }
            }
            s.execute("VACUUM (ANALYZE) outbox, alert, report, alert_event");
        }
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
    }

    static Connection dbUnchecked() {
        try {
            return db();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long scalar(String sql) throws SQLException {
        try (Connection c = db()) {
            return scalar(c, sql);
        }
    }

    static long scalar(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    static String percents(List<Double> ratios) {
        return ratios.stream().map(x -> String.format(Locale.ROOT, "%.0f %%", 100 * x)).toList().toString();
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(d -> d).sorted().toArray();
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    static double round3(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    static void line(String fmt, Object... args) {
        String s = String.format(Locale.ROOT, fmt, args);
        System.out.println(s);
        SUMMARY.append(s).append(s.startsWith("#") || s.endsWith("\n") ? "\n" : "\n\n");
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static String toJson(Object o, String indent) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Map<?, ?> m) {
            String in = indent + "  ";
            List<String> parts = new ArrayList<>();
            for (var e : m.entrySet()) {
                parts.add(in + quote(String.valueOf(e.getKey())) + ": " + toJson(e.getValue(), in));
            }
            return parts.isEmpty() ? "{}" : "{\n" + String.join(",\n", parts) + "\n" + indent + "}";
        }
        if (o instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object x : c) {
                parts.add(toJson(x, indent + "  "));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (o instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : d.toString();
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        return quote(o.toString());
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ------------------------------------------------------------------ cost per request (bench/cluster)
    interface Measured {
        Stats run() throws Exception;
    }

    /**
     * What one request costs, summed over the slices of a measurement: CPU time of each process role
     * (utime + stime from /proc, children included: PostgreSQL's sessions are the postmaster's
     * children), database statements (pg_stat_statements, if loaded) and transactions
     * (pg_stat_database), WAL written, table bytes (with indexes and TOAST) and bucket bytes.
     * Divided by the requests answered. A photo slice also waits for the anonymisation queue of its
     * photos to drain, so that the background work its reports caused is in their cost.
     */
    static final class Cost {
        static final Map<String, Cost> ALL = new LinkedHashMap<>();
        static final long TICKS = clockTicks();
        long ok;
        final Map<String, Long> ticks = new TreeMap<>();
        final Map<String, Long> statementsByText = new HashMap<>();
        long statements = -1, xacts, walBytes, tableBytes, bucketBytes;
        double seconds;

        static Stats of(String name, Measured m) throws Exception {
            if (costPids == null) {
                return m.run();
            }
            Snap before = Snap.take();
            Stats st = m.run();
            if (name.contains("photo") && name.contains("http")) {
                drainAnonymisation();
            }
            Snap after = Snap.take();
            Cost c = ALL.computeIfAbsent(name, k -> new Cost());
            c.ok += st.ok;
            c.seconds += st.seconds;
            after.ticks.forEach((role, t) -> c.ticks.merge(role, t - before.ticks.getOrDefault(role, 0L), Long::sum));
            if (after.statements >= 0) {
                c.statements = Math.max(c.statements, 0) + after.statements - before.statements;
                after.byText.forEach((q, n) -> {
                    long d = n - before.byText.getOrDefault(q, 0L);
                    if (d > 0) {
                        c.statementsByText.merge(q, d, Long::sum);
                    }
                });
            }
            c.xacts += after.xacts - before.xacts;
            c.walBytes += after.wal - before.wal;
            c.tableBytes += after.tables - before.tables;
            c.bucketBytes += after.bucket - before.bucket;
            return st;
        }

        static Map<String, Object> report() {
            Map<String, Object> out = new LinkedHashMap<>();
            ALL.forEach((name, c) -> {
                if (c.ok == 0) {
                    return;
                }
                Map<String, Object> cpu = new LinkedHashMap<>();
                c.ticks.forEach((role, t) -> cpu.put(role, round3(t * 1000.0 / TICKS / c.ok)));
                List<Map<String, Object>> top = c.statementsByText.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                        .map(e -> map("perRequest", round3((double) e.getValue() / c.ok), "statement", e.getKey())).toList();
                out.put(name, map("requests", c.ok, "perSecond", round3(c.ok / c.seconds), "cpuMsPerRequest", cpu,
                        "statementsPerRequest", c.statements < 0 ? null : round3((double) c.statements / c.ok),
                        "transactionsPerRequest", round3((double) c.xacts / c.ok),
                        "walBytesPerRequest", c.walBytes / c.ok, "tableBytesPerRequest", c.tableBytes / c.ok,
                        "bucketBytesPerRequest", c.bucketBytes / c.ok, "topStatements", top));
                line("Cost of %s (%d requests, %.1f/s): CPU ms per request %s; %s statements, %.2f transactions, %d B of WAL, %d B of tables, %d B in the bucket per request.",
                        name, c.ok, c.ok / c.seconds, cpu, c.statements < 0 ? "?" : String.format(Locale.ROOT, "%.1f", (double) c.statements / c.ok),
                        (double) c.xacts / c.ok, c.walBytes / c.ok, c.tableBytes / c.ok, c.bucketBytes / c.ok);
            });
            return out;
        }

        /** Waits (at most 10 minutes) until no photo sent over HTTP is left in the anonymisation queue. */
        static void drainAnonymisation() throws Exception {
            // One connection, polled once a second: a new session per poll would be counted in the
            // database's cost per report (a PostgreSQL session start-up is several ms of CPU).
            long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            try (Connection c = db()) {
                while (System.nanoTime() < end && scalar(c, "SELECT count(*) FROM photo_anonymisation q JOIN photo p ON p.id = q.photo_id"
                        + " WHERE p.storage_key NOT LIKE 'bench-raw-%' AND q.attempts < 5") > 0) {
                    Thread.sleep(1000);
                }
            }
        }

        static long clockTicks() {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
                return Long.parseLong(new String(p.getInputStream().readAllBytes()).trim());
            } catch (Exception e) {
                return 100;
            }
        }
    }

    record Snap(Map<String, Long> ticks, long statements, Map<String, Long> byText, long xacts, long wal, long tables, long bucket) {
        static Snap take() throws Exception {
            Map<Long, Long> parentOf = new HashMap<>(), own = new HashMap<>(), reaped = new HashMap<>();
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : dirs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String stat = Files.readString(d.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long pid = Long.parseLong(d.getFileName().toString());
                        parentOf.put(pid, Long.parseLong(f[1]));
                        own.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        reaped.put(pid, Long.parseLong(f[13]) + Long.parseLong(f[14]));
                    } catch (IOException | RuntimeException gone) {
                        // a process that ended meanwhile
                    }
                }
            }
            Map<String, Long> ticks = new TreeMap<>();
            for (String l : Files.readAllLines(costPids)) {
                String[] rp = l.trim().split("\\s+");
                if (rp.length != 2) {
                    continue;
                }
                long pid = Long.parseLong(rp[1]);
                long t = own.getOrDefault(pid, 0L) + reaped.getOrDefault(pid, 0L);
                for (var e : parentOf.entrySet()) {
                    if (e.getValue() == pid) {
                        t += own.getOrDefault(e.getKey(), 0L);
                    }
                }
                ticks.merge(rp[0], t, Long::sum);
            }
            // The bench itself (HTTP or JDBC client): on a machine with no idle core, its CPU is taken from the server's.
            ticks.put("client", own.getOrDefault(ProcessHandle.current().pid(), 0L));
            long statements = -1;
            Map<String, Long> byText = new HashMap<>();
            long xacts, wal, tables;
            try (Connection c = db(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 160), sum(calls)::bigint"
                        + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY 1")) {
                    statements = 0;
                    while (rs.next()) {
                        byText.merge(rs.getString(1), rs.getLong(2), Long::sum);
                        statements += rs.getLong(2);
                    }
                } catch (SQLException noExtension) {
                    statements = -1;
                }
                xacts = scalar(c, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()");
                wal = scalar(c, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint");
                tables = scalar(c, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm')");
            }
            long bucket = 0;
            if (bucketDir != null && Files.isDirectory(bucketDir)) {
                try (var files = Files.walk(bucketDir)) {
                    bucket = files.filter(Files::isRegularFile).mapToLong(x -> x.toFile().length()).sum();
                }
            }
            return new Snap(ticks, statements, byText, xacts, wal, tables, bucket);
        }
    }
}
