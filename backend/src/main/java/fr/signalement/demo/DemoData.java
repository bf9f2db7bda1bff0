package fr.signalement.demo;

import fr.signalement.alert.Alert;
import fr.signalement.alert.AlertEvent;
import fr.signalement.alert.AlertStatus;
import fr.signalement.catalog.Category;
import fr.signalement.alert.Actor;
import fr.signalement.alert.Lifecycle;
import fr.signalement.alert.RejectReason;
import fr.signalement.report.Acknowledgement;
import fr.signalement.report.Intake;
import fr.signalement.report.ReportRequest;
import fr.signalement.staff.StaffUser;
import fr.signalement.catalog.Team;
import fr.signalement.common.Time;
import fr.signalement.notify.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * Demo profile only ({@code signalement.demo.data=true}): on a fresh install, fills the empty
 * database with a few hundred real Paris DansMaRue reports (Ville de Paris, ODbL) spread over the
 * last ten weeks, and walks their alerts through a plausible history, so the dispatcher console,
 * the mayor's dashboard and the field app show meaningful figures at once.
 *
 * <p>Nothing is written behind the product's back: every report goes through the real
 * {@link Intake} (validation, geography, merging, routing) and every status change through the
 * real {@link Lifecycle} (timeline, audit, notifications), in the real relative order, each at its
 * simulated time (both take the moment as a parameter), so reception dates, deadlines, first-reached
 * timestamps and the timeline are the simulated past as written. Deterministic: a fixed seed drives
 * the simulated history.
 */
@ApplicationScoped
public class DemoData {
    private static final Logger LOG = Logger.getLogger(DemoData.class);
    static final ZoneId PARIS = Time.ZONE;
    static final long SEED = 20_241_125L;
    static final int WEEKS = 10;
    /** At most this many alerts are kept for the demo agent's work list (assigned or in progress today). */
    static final int AGENT_WORKLIST = 8;
    static final Set<String> CENTRE_SECTORS = Set.of("75101", "75102", "75103", "75104");

    @ConfigProperty(name = "signalement.demo.data", defaultValue = "false")
    boolean enabled;
    @Inject
    Intake intake;
    @Inject
    Lifecycle lifecycle;
    @Inject
    EntityManager em;

    /** What a load did; {@code loaded == false} when the database already held reports. */
    public record Summary(boolean loaded, int rows, int reports, int skipped, int alerts, int transitions,
                          Map<String, Long> byStatus, Duration took) {
        static Summary nothing() {
            return new Summary(false, 0, 0, 0, 0, 0, Map.of(), Duration.ZERO);
        }
    }

    /** After the demo accounts (default observer priority 2500) and the geography. */
    void onStart(@Observes @Priority(5000) StartupEvent event) {
        if (!enabled) {
            return;
        }
        try {
            load();
        } catch (RuntimeException e) {
            // The demo still starts, with whatever was loaded: the console shows it.
            LOG.error("Demo data: loading failed", e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The simulated history of one alert.

    /** A planned status change at a simulated time. */
    record Step(Instant at, Lifecycle.Change change, boolean byCitizen, String eventType) {
    }

    /** An alert being simulated: its planned steps and the events already applied. */
    static final class Sim {
        final long alertId;
        final Instant firstReportAt;
        final List<Step> plan = new ArrayList<>();
        int next;

        Sim(long alertId, Instant firstReportAt) {
            this.alertId = alertId;
            this.firstReportAt = firstReportAt;
        }

        Instant nextAt() {
            return plan.get(next).at();
        }

        boolean pending() {
            return next < plan.size();
        }

        Instant lastPlannedOrFirst() {
            return next == 0 ? firstReportAt : plan.get(next - 1).at();
        }
    }

    record Ids(long dispatcherId, String dispatcher, long demoTeamId, Long agentId) {
    }

    /**
     * Loads the demo data if the report table is empty. Safe to call again: then it does nothing.
     * The history being replayed is old news: it writes no e-mail or push
     * ({@link Outbox#withoutNotifications}): nothing reaches the outbox.
     */
    public Summary load() {
        Summary[] out = new Summary[1];
        Outbox.withoutNotifications(() -> out[0] = replay());
        return out[0];
    }

    private Summary replay() {
        long existing = QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM report").getSingleResult()).longValue());
        if (existing > 0) {
            LOG.infof("Demo data: the database already holds %d reports, nothing loaded", existing);
            return Summary.nothing();
        }
        long started = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Ids ids = QuarkusTransaction.requiringNew().call(DemoData::ids);
        Map<String, String> codes = QuarkusTransaction.requiringNew().call(DemoData::enabledCodes);

        List<DemoCsv.Row> all = DemoCsv.read();
        List<DemoCsv.Row> rows = new ArrayList<>();
        List<String> rowCodes = new ArrayList<>();
        for (DemoCsv.Row r : all) {
            String code = codes.get(key(r));
            if (code != null) {
                rows.add(r);
                rowCodes.add(code);
            }
        }
        List<Instant> times = receptionTimes(rows, now);
        LOG.infof("Demo data: %d of %d DansMaRue rows have an enabled category; replaying them from %s to %s",
                rows.size(), all.size(), times.isEmpty() ? "-" : times.get(0), times.isEmpty() ? "-" : times.get(times.size() - 1));

        Random channelDice = new Random(SEED);
        int taken = 0;
        Map<Long, Sim> sims = new LinkedHashMap<>();
        PriorityQueue<Sim> queue = new PriorityQueue<>(Comparator.comparing(Sim::nextAt).thenComparingLong(s -> s.alertId));
        int[] transitions = {0};
        int[] forwarded = {0};
        int skipped = 0;
        for (int i = 0; i < rows.size(); i++) {
            DemoCsv.Row row = rows.get(i);
            Instant at = times.get(i);
            apply(queue, at, ids, transitions);
            String channel = channel(row.prefixe(), channelDice);
            String actor = channel.equals("phone") || channel.equals("counter") ? ids.dispatcher() : "citizen";
            Acknowledgement ack;
            try {
                ack = intake.submit(new ReportRequest(rowCodes.get(i), row.lat(), row.lon(), null, null, null, channel),
                        List.of(), null, null, actor, at).acknowledgement();
            } catch (RuntimeException e) {
                skipped++;
                LOG.warnf("Demo data: DansMaRue report %s not taken in: %s", row.idDmr(), e.getMessage());
                continue;
            }
            taken++;
            if (!ack.joinedExistingAlert()) {
                Sim sim = new Sim(ack.alertId(), at);
                plan(sim, ack.dueAt(), sims.size(), ids, forwarded);
                sims.put(sim.alertId, sim);
                if (sim.pending()) {
                    queue.add(sim);
                }
            }
            if ((i + 1) % 100 == 0) {
                LOG.infof("Demo data: %d reports taken in, %d alerts", i + 1, sims.size());
            }
        }
        apply(queue, now, ids, transitions);
        LOG.infof("Demo data: %d reports replayed in %d ms", taken, (System.nanoTime() - started) / 1_000_000);
        int worklist = agentWorklist(sims, now, ids, transitions);

        Map<String, Long> byStatus = QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> m = new LinkedHashMap<>();
            for (Object o : em.createNativeQuery("SELECT status, count(*) FROM alert GROUP BY status ORDER BY status").getResultList()) {
                Object[] r = (Object[]) o;
                m.put((String) r[0], ((Number) r[1]).longValue());
            }
            return m;
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Summary s = new Summary(true, rows.size(), taken, skipped, sims.size(), transitions[0], byStatus, took);
        LOG.infof("Demo data loaded in %d ms: %d reports (%d skipped) in %d alerts, %d status changes, %d on the demo agent's list; alerts by status %s",
                took.toMillis(), s.reports(), skipped, s.alerts(), s.transitions(), worklist, byStatus);
        return s;
    }

    private static String key(DemoCsv.Row r) {
        return r.type() + "\u0000" + r.label();
    }

    /**
     * The enabled category each (group, label) stands for, keyed as {@link #key}: the code
     * scripts/gen_catalog_seed.py computed for it (the sub-type's slug, with a "-2", "-3"… suffix
     * when another sub-type had the same slug).
     */
    static Map<String, String> enabledCodes() {
        Map<String, String> codes = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Category c : Category.<Category>listAll()) {
            // DansMaRue's wording is the catalogue's internal label (citizens read a plain French one).
            String label = c.internalLabel != null ? c.internalLabel : c.label;
            String k = c.group + "\u0000" + label;
            String base = DemoCsv.slug(label);
            boolean fromLabel = c.code.equals(base)
                    || c.code.startsWith(base.substring(0, Math.min(60, base.length())) + "-")
                    && c.code.substring(Math.min(60, base.length()) + 1).matches("\\d+");
            if (!fromLabel || !c.enabled) {
                continue;
            }
            seen.merge(k, 1, Integer::sum);
            codes.put(k, c.code);
        }
        // Two enabled categories with one group and label: ambiguous, leave the rows out.
        seen.forEach((k, n) -> {
            if (n > 1) {
                codes.remove(k);
            }
        });
        return codes;
    }

    /** The enabled category code for a DansMaRue row, or null when none (or it is disabled). */
    public static String categoryCode(DemoCsv.Row row, Map<String, String> enabledCodes) {
        return enabledCodes.get(key(row));
    }

    /** Enabled category codes by (group, label), read in a transaction (tests use it too). */
    public static Map<String, String> enabledCodesNow() {
        return QuarkusTransaction.requiringNew().call(DemoData::enabledCodes);
    }

    private static Ids ids() {
        StaffUser dispatcher = StaffUser.byUsername("dispatch").orElseThrow(() -> new IllegalStateException(
                "Demo data needs the demo accounts (signalement.demo.enabled=true): no user « dispatch »"));
        Team team = Team.<Team>find("name", DemoAccounts.DEMO_TEAM).firstResultOptional().orElseThrow(() ->
                new IllegalStateException("Demo data needs the demo team « " + DemoAccounts.DEMO_TEAM + " »"));
        Long agent = StaffUser.byUsername("agent").filter(a -> team.id.equals(a.teamId())).map(a -> a.id).orElse(null);
        return new Ids(dispatcher.id, dispatcher.username, team.id, agent);
    }

    /** DansMaRue's channel ({@code prefixe}) as ours; the back office took calls and visitors. */
    static String channel(String prefixe, Random dice) {
        return switch (prefixe == null ? "" : prefixe.strip()) {
            case "Back Office" -> dice.nextDouble() < 0.7 ? "phone" : "counter";
            default -> "pwa";
        };
    }

    // ------------------------------------------------------------------------------------------
    // Time.

    /**
     * Reception times: the sample's ten weeks moved to end today, in the file's order; each day's
     * reports spread between 7:00 and 21:30 (Paris), none after now.
     */
    static List<Instant> receptionTimes(List<DemoCsv.Row> rows, Instant now) {
        List<Instant> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        ZonedDateTime nowParis = now.atZone(PARIS);
        LocalDate lastDay = rows.get(rows.size() - 1).datedecl();
        LocalDate today = nowParis.toLocalDate();
        // Today's reports need room before now; early in the morning the sample ends yesterday.
        boolean roomToday = nowParis.toLocalTime().isAfter(LocalTime.of(1, 0));
        long shift = ChronoUnit.DAYS.between(lastDay, roomToday ? today : today.minusDays(1));
        Random dice = new Random(SEED + 1);
        int i = 0;
        while (i < rows.size()) {
            LocalDate day = rows.get(i).datedecl();
            int j = i;
            while (j < rows.size() && rows.get(j).datedecl().equals(day)) {
                j++;
            }
            LocalDate simDay = day.plusDays(shift);
            Instant start = simDay.atTime(7, 0).atZone(PARIS).toInstant();
            Instant end = simDay.atTime(21, 30).atZone(PARIS).toInstant();
            Instant latest = now.minus(Duration.ofMinutes(2));
            if (end.isAfter(latest)) {
                end = latest;
                Instant dayStart = simDay.atStartOfDay(PARIS).toInstant();
                if (!start.isBefore(end.minus(Duration.ofMinutes(30)))) {
                    start = end.minus(Duration.between(dayStart, end).dividedBy(2));
                }
            }
            long span = Duration.between(start, end).toSeconds();
            int n = j - i;
            for (int k = 0; k < n; k++) {
                double pos = (k + 0.1 + 0.8 * dice.nextDouble()) / n;
                out.add(start.plusSeconds((long) (span * pos)));
            }
            i = j;
        }
        return out;
    }

    /** The first moment at or after {@code t} when the office works (Monday–Saturday, 8:00–19:00). */
    static Instant office(Instant t, Random dice) {
        ZonedDateTime z = t.atZone(PARIS);
        for (int guard = 0; guard < 10; guard++) {
            boolean workingDay = z.getDayOfWeek() != DayOfWeek.SUNDAY;
            LocalTime time = z.toLocalTime();
            if (workingDay && !time.isBefore(LocalTime.of(8, 0)) && time.isBefore(LocalTime.of(19, 0))) {
                return z.toInstant();
            }
            if (workingDay && time.isBefore(LocalTime.of(8, 0))) {
                z = z.toLocalDate().atTime(8, 0).atZone(PARIS).plusMinutes(dice.nextInt(90));
            } else {
                z = z.toLocalDate().plusDays(1).atTime(8, 0).atZone(PARIS).plusMinutes(dice.nextInt(90));
            }
        }
        return z.toInstant();
    }

    /** Spreads nearby seeds apart (java.util.Random's first draws from consecutive seeds are alike). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static Instant hoursAfter(Instant t, double hours) {
        return t.plusSeconds(hours < 0 ? (long) (hours * 3600) : Math.max(60, (long) (hours * 3600)));
    }

    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static double between(Random dice, double lo, double hi) {
        return lo + (hi - lo) * dice.nextDouble();
    }

    // ------------------------------------------------------------------------------------------
    // The plan of an alert's life, drawn at its creation with a fixed seed.

    private static final String[] QUALIFY_NOTES = {null, "Vérifié sur photo et plan", "Confirmé par un appel au 3975", null,
            "Signalement clair, à traiter", null};
    private static final String[] RESOLVE_NOTES = {"Intervention effectuée", "Remis en état", "Enlevé", "Nettoyé",
            "Réparé", "Traité par l'équipe"};
    private static final String[] REOPEN_NOTES = {"Le problème n'est pas résolu : c'est toujours là.",
            "Rien n'a changé depuis mon signalement.", "C'est revenu dès le lendemain."};
    private static final String[][] REJECTIONS = {
            {RejectReason.NOT_A_PROBLEM.name(), "Aucune anomalie constatée sur place"},
            {RejectReason.NOT_COMPETENT.name(), "Domaine privé : relève du syndic de l'immeuble"},
            {RejectReason.CANNOT_ACT.name(), "Accès impossible sans autorisation du propriétaire"},
            {RejectReason.NOT_A_PROBLEM.name(), "Déjà traité lors du passage de la tournée"},
    };
    private static final String[] FORWARD_TO = {"Préfecture de police de Paris", "RATP – Département des espaces et patrimoine"};

    void plan(Sim sim, Instant due, int ordinal, Ids ids, int[] forwarded) {
        Random dice = new Random(mix(SEED * 31 + ordinal));
        Instant t0 = sim.firstReportAt;
        double fate = dice.nextDouble();
        // Most are triaged within hours; some wait in the queue for a day or two.
        double triage = dice.nextDouble() < 0.12 ? between(dice, 12, 60) : between(dice, 0.3, 5);
        Instant q = office(hoursAfter(t0, triage), dice);

        // Rejected (about 7 %): straight away, or after a look on site.
        if (fate < 0.07) {
            String[] why = REJECTIONS[dice.nextInt(REJECTIONS.length)];
            if (dice.nextBoolean()) {
                add(sim, q, new Lifecycle.Change(AlertStatus.REJECTED, why[1], null, null, why[0], null));
            } else {
                add(sim, q, new Lifecycle.Change(AlertStatus.QUALIFIED, null, null, null, null, null));
                add(sim, office(hoursAfter(q, between(dice, 4, 60)), dice),
                        new Lifecycle.Change(AlertStatus.REJECTED, why[1], null, null, why[0], null));
            }
            return;
        }
        // Forwarded to another authority (two alerts).
        if (fate < 0.09 && forwarded[0] < FORWARD_TO.length) {
            add(sim, q, new Lifecycle.Change(AlertStatus.QUALIFIED, null, null, null, null, null));
            add(sim, office(hoursAfter(q, between(dice, 1, 20)), dice), new Lifecycle.Change(AlertStatus.FORWARDED,
                    "Hors compétence de la Ville", null, null, null, FORWARD_TO[forwarded[0]++]));
            return;
        }
        // Stuck somewhere (about 9 %): the backlog that makes overdue alerts.
        int stopAfter = fate < 0.18 ? 1 + dice.nextInt(3) : Integer.MAX_VALUE;

        // Resolution relative to the promise: median a bit over half the deadline, about one in six late.
        double promised = Math.max(2, Duration.between(t0, due).toMinutes() / 60.0);
        double f = Math.exp(Math.log(0.55) + 0.6 * dice.nextGaussian());
        Instant resolve = hoursAfter(t0, promised * f);
        add(sim, q, new Lifecycle.Change(AlertStatus.QUALIFIED, QUALIFY_NOTES[dice.nextInt(QUALIFY_NOTES.length)],
                null, null, null, null));
        if (!resolve.isAfter(q.plus(Duration.ofHours(2)))) {
            resolve = hoursAfter(q, between(dice, 2, 8));
        }
        Instant a = office(q.plus(Duration.between(q, resolve).multipliedBy((long) (100 * between(dice, 0.1, 0.4))).dividedBy(100)), dice);
        if (!a.isBefore(resolve.minus(Duration.ofMinutes(40)))) {
            resolve = hoursAfter(a, between(dice, 1, 6));
        }
        if (stopAfter >= 2) {
            add(sim, a, new Lifecycle.Change(AlertStatus.ASSIGNED, null, null, null, null, null));
        }
        Instant p = a.plus(Duration.between(a, resolve).multipliedBy((long) (100 * between(dice, 0.4, 0.9))).dividedBy(100));
        if (stopAfter >= 3) {
            add(sim, p, new Lifecycle.Change(AlertStatus.IN_PROGRESS, null, null, null, null, null));
        }
        if (stopAfter < Integer.MAX_VALUE) {
            return;
        }
        add(sim, resolve, new Lifecycle.Change(AlertStatus.RESOLVED, RESOLVE_NOTES[dice.nextInt(RESOLVE_NOTES.length)],
                null, null, null, null));
        Instant last = resolve;
        // Reopened by a reporter ("not fixed", about 6 %), then dealt with again.
        if (dice.nextDouble() < 0.06) {
            Instant reopened = hoursAfter(resolve, between(dice, 3, 72));
            sim.plan.add(new Step(reopened, new Lifecycle.Change(AlertStatus.QUALIFIED,
                    REOPEN_NOTES[dice.nextInt(REOPEN_NOTES.length)], null, null, null, null), true, AlertEvent.REOPENED));
            Instant a2 = office(hoursAfter(reopened, between(dice, 1, 20)), dice);
            add(sim, a2, new Lifecycle.Change(AlertStatus.ASSIGNED, "Repasser sur place", null, null, null, null));
            Instant p2 = hoursAfter(a2, between(dice, 2, 48));
            add(sim, p2, new Lifecycle.Change(AlertStatus.IN_PROGRESS, null, null, null, null, null));
            last = hoursAfter(p2, between(dice, 0.5, 6));
            add(sim, last, new Lifecycle.Change(AlertStatus.RESOLVED, "Repris et terminé", null, null, null, null));
        }
        // Closed once the reopening window has mostly passed, or earlier by the dispatcher.
        add(sim, office(hoursAfter(last, between(dice, 24, 24 * 6)), dice),
                new Lifecycle.Change(AlertStatus.CLOSED, null, null, null, null, null));
    }

    /** Adds a staff step, at least a minute after the previous one. */
    private static void add(Sim sim, Instant at, Lifecycle.Change change) {
        Instant prev = sim.plan.isEmpty() ? sim.firstReportAt : sim.plan.get(sim.plan.size() - 1).at();
        Instant t = at.isAfter(prev) ? at : prev.plus(Duration.ofMinutes(1));
        sim.plan.add(new Step(t, change, false, AlertEvent.TRANSITION));
    }

    // ------------------------------------------------------------------------------------------
    // Applying the plans through the real state machine.

    /** Applies, in one transaction, every planned step due by {@code until} (simulated time). */
    private void apply(PriorityQueue<Sim> queue, Instant until, Ids ids, int[] transitions) {
        if (queue.isEmpty() || queue.peek().nextAt().isAfter(until)) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Actor staff = new Actor(ids.dispatcherId(), ids.dispatcher());
            while (!queue.isEmpty() && !queue.peek().nextAt().isAfter(until)) {
                Sim sim = queue.poll();
                Step step = sim.plan.get(sim.next++);
                Alert alert = lifecycle.lock(sim.alertId);
                Long reportId = null;
                if (step.byCitizen()) {
                    reportId = ((Number) em.createNativeQuery("SELECT min(id) FROM report WHERE alert_id = :a")
                            .setParameter("a", sim.alertId).getSingleResult()).longValue();
                }
                lifecycle.apply(alert, step.change(), step.byCitizen() ? Actor.CITIZEN : staff,
                        step.eventType(), null, reportId, step.at());
                em.flush();
                transitions[0]++;
                if (sim.pending()) {
                    queue.add(sim);
                }
            }
        });
    }

    /**
     * The demo agent needs work today: open alerts in central Paris (1st–4th) handed to the demo
     * team, some already started, at simulated times between their last step and now.
     */
    private int agentWorklist(Map<Long, Sim> sims, Instant now, Ids ids, int[] transitions) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                            SELECT a.id, a.status, a.team_id FROM alert a JOIN category c ON c.id = a.category_id
                            WHERE a.status IN ('NEW', 'QUALIFIED', 'ASSIGNED', 'IN_PROGRESS') AND a.sector_code IN (:s)
                            ORDER BY (a.team_id = :t) DESC, (c.group_label IN ('Voirie et espace public', 'Mobiliers urbains')) DESC,
                                     a.first_report_at DESC, a.id
                            """)
                    .setParameter("s", CENTRE_SECTORS).setParameter("t", ids.demoTeamId()).getResultList();
            Random dice = new Random(SEED + 7);
            Actor staff = new Actor(ids.dispatcherId(), ids.dispatcher());
            int n = 0;
            for (Object[] r : rows) {
                if (n >= AGENT_WORKLIST) {
                    break;
                }
                long id = ((Number) r[0]).longValue();
                Sim sim = sims.get(id);
                if (sim == null) {
                    continue;
                }
                Instant prev = sim.lastPlannedOrFirst();
                Alert alert = lifecycle.lock(id);
                List<Lifecycle.Change> changes = new ArrayList<>();
                AlertStatus status = alert.status;
                if (status == AlertStatus.NEW) {
                    changes.add(new Lifecycle.Change(AlertStatus.QUALIFIED, null, null, null, null, null));
                }
                if ((alert.teamId == null || alert.teamId != ids.demoTeamId()) || status == AlertStatus.NEW || status == AlertStatus.QUALIFIED) {
                    // From IN_PROGRESS with another team, back to ASSIGNED with ours is the allowed move.
                    changes.add(assignToDemoTeam(ids));
                    status = AlertStatus.ASSIGNED;
                }
                if (n % 2 == 1 && status == AlertStatus.ASSIGNED) {
                    changes.add(new Lifecycle.Change(AlertStatus.IN_PROGRESS, null, null, null, null, null));
                }
                // Handed over during the last day or so, in office hours when that is already past.
                Instant latest = max(now.minus(Duration.ofMinutes(5)), prev);
                Instant recent = hoursAfter(now, -between(dice, 3, 30));
                Instant inOffice = office(recent, dice);
                Instant t = max(prev.plusSeconds(60), inOffice.isAfter(latest) ? recent : inOffice);
                for (Lifecycle.Change c : changes) {
                    lifecycle.apply(alert, c, staff, AlertEvent.TRANSITION, null, null, t.isAfter(latest) ? latest : t);
                    em.flush();
                    transitions[0]++;
                    Instant step = hoursAfter(t, between(dice, 0.2, 3));
                    t = step.isAfter(latest) ? t.plusSeconds(30) : step;
                }
                n++;
            }
            return n;
        });
    }

    private static Lifecycle.Change assignToDemoTeam(Ids ids) {
        return new Lifecycle.Change(AlertStatus.ASSIGNED, "Pour l'équipe Paris Centre", ids.demoTeamId(), ids.agentId(), null, null);
    }
}
