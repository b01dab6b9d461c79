package org.givingstream.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.givingstream.bench.SweepResult.Backlog;
import org.givingstream.bench.SweepResult.Step;

/**
 * The highest rate a target (the stack, the baseline, a floor: {@link SweepTarget}) sustains with webhook p99 under the target (issue 6): fixed-rate open-loop steps of
 * rising rate, each with its own histogram and each started only once the platform has caught up with the step
 * before (intake log applied, outbox empty, both consumer groups at lag 0, the sweep's receipts sent), so a step measures its own rate
 * and not the backlog of the last one. The sweep stops after two failing steps in a row rather than keep
 * overloading; the highest passing rate must then hold for {@link Options#sweepConfirm()} to count as sustained
 * (if it does not, the next passing rate below gets the same chance, once, after the platform has drained).
 *
 * <p>No gauges are sampled and no probe runs during a step: both would add load of their own. One mix feeds every
 * step, so the final checks cover all of the sweep's campaigns at once. Before each step every JVM's idle CPU is
 * measured for {@link Options#cpuIdle()}; the step's CPU runs from then to the end of its catch-up ({@link CpuCost}).
 */
final class RateSweep {

    /** The stack's sweep; the others are named after their target, e.g. {@code baseline-sweep}. */
    static final String NAME = "sweep";

    private static final int FAILURES_IN_A_ROW = 2;
    private static final int CONFIRMATION_ATTEMPTS = 2;
    private static final Duration POLL_EVERY = Duration.ofMillis(500);
    private static final Duration MAX_POLL_EVERY = Duration.ofSeconds(10);

    private final String name;
    private final SweepTarget target;
    private final Options options;
    private final Path results;
    private final DonationMix mix;
    private LoadRun last;

    RateSweep(String name, SweepTarget target, Options options, Path results) {
        this.name = name;
        this.target = target;
        this.options = options;
        this.results = results;
        // the stack's sweep keeps its tag "sweep" (pi_sweep_...); the others drop the dash, as the other scenarios
        this.mix = new DonationMix(
                tag(name), StackBench.campaigns(name), options.pairShare(), options.emailShare(), name.hashCode());
    }

    static String tag(String name) {
        return name.replace("-", "");
    }

    ScenarioResult run() throws Exception {
        System.out.printf("%n== %s ==%n", name);
        long started = System.nanoTime();
        target.addCampaigns(StackBench.campaigns(name));
        target.begin();
        var cpuBefore = target.cpuTimes();
        if (awaitCaughtUp(System.nanoTime()).caughtUp() == null) {
            throw new IllegalStateException("the platform had not caught up with the warm-up within "
                    + Report.seconds(options.sweepCatchUp()) + ": " + target.backlog());
        }
        String stopped = null;
        List<Step> steps = new ArrayList<>();
        int failedInARow = 0;
        for (int i = 0; stopped == null && i < options.sweepRates().size(); i++) {
            int rate = options.sweepRates().get(i);
            Step step = step(rate, options.sweepStep(), name + "-" + rate);
            steps.add(step);
            failedInARow = step.passed() ? 0 : failedInARow + 1;
            boolean more = i + 1 < options.sweepRates().size();
            if (step.caughtUpAfter() == null) {
                stopped = "not caught up within %s after %d/s: a further step would not start clean"
                        .formatted(Report.seconds(options.sweepCatchUp()), rate);
            } else if (failedInARow == FAILURES_IN_A_ROW && more) {
                stopped = "two failing steps in a row (%d/s and %d/s)"
                        .formatted(steps.get(i - 1).offered(), rate);
            }
        }
        List<Step> confirmations = confirm(steps);
        var sweep = new SweepResult(
                name,
                target.description(),
                target.catchesUp(),
                steps,
                confirmations,
                options.sweepP99(),
                options.sweepStep(),
                stopped);
        Map<String, String> checks = new LinkedHashMap<>();
        StackBench.Settled settled = target.finalChecks(mix, last, checks);
        var cpu = Main.cpuDelta(cpuBefore, target.cpuTimes());
        Map<String, Long> rss = target.residentMemory();
        target.done();
        Chart.writeSweep(results.resolve(name + ".svg"), sweep);
        return result(sweep, checks, settled, cpu, rss, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Confirms the highest passing rate, or the next below it if that one does not hold. */
    private List<Step> confirm(List<Step> steps) throws Exception {
        List<Step> confirmations = new ArrayList<>();
        if (steps.getLast().caughtUpAfter() == null && !drained()) {
            return confirmations; // the platform is still busy: a confirmation would not start clean
        }
        List<Step> passing = steps.stream()
                .filter(Step::passed)
                .sorted(Comparator.comparingInt(Step::offered).reversed())
                .limit(CONFIRMATION_ATTEMPTS)
                .toList();
        for (Step candidate : passing) {
            System.out.printf(
                    "confirming %d webhooks/s for %d s%n",
                    candidate.offered(), options.sweepConfirm().toSeconds());
            Step held =
                    step(candidate.offered(), options.sweepConfirm(), name + "-" + candidate.offered() + "-confirm");
            confirmations.add(held);
            if (held.passed() || (held.caughtUpAfter() == null && !drained())) {
                break;
            }
        }
        return confirmations;
    }

    /** One fixed-rate step: the load, what it left waiting, how long the target took to catch up, and its CPU. */
    private Step step(int rate, Duration length, String file) throws Exception {
        var meter = CpuCost.meter(target::cpuTimes, options.cpuIdle());
        last = target.load(new Schedule(rate, Duration.ZERO, length), mix);
        last.timeline.stop(); // every latency is recorded once the generator is idle
        var latency = last.timeline.total();
        Main.writeHgrm(results.resolve(file + ".hgrm"), latency);
        OpenLoopGenerator generator = last.generator;
        double seconds = Math.max(1e-9, (generator.lastAnswerNanos() - last.origin) / 1e9);
        double handled = (last.acceptedFirstTime + generator.refusedForged()) / seconds;
        Backlog atEnd = target.backlog();
        CatchUp catchUp = awaitCaughtUp(last.loadEndNanos);
        CpuCost cpu = meter.stop(generator.accepted());
        var step = new Step(
                rate,
                length,
                last.sent,
                handled,
                last.redelivered,
                generator.statuses(),
                generator.noAnswer(),
                latency,
                atEnd,
                catchUp.counted(),
                catchUp.caughtUp(),
                Step.failures(rate, handled, last.redelivered, latency, options.sweepP99()),
                cpu);
        System.out.println(Report.sweepStep(name, step, target.catchesUp()));
        return step;
    }

    private record CatchUp(Duration counted, Duration caughtUp) {}

    /**
     * After a step that did not catch up within {@link Options#sweepCatchUp()}, waits once more, long enough for the
     * receipts still owed to go out at the stack's mail rate: a 60 s hold at 1,500/s owes 18,000 receipts, six
     * minutes at 50 a second, so without this the next rate down could never be confirmed. The step keeps its own
     * "not within the timeout"; this only decides whether a further confirmation can start clean.
     */
    private boolean drained() throws InterruptedException {
        Backlog now = target.backlog();
        long owed = now.receipts() + now.notificationLag();
        Duration drain = options.sweepCatchUp().plusSeconds(owed / Math.max(1, options.mailRate()));
        System.out.printf(
                "waiting up to %s for %s to drain before the next confirmation%n", Report.seconds(drain), now);
        return awaitCaughtUp(System.nanoTime(), drain).caughtUp() != null;
    }

    /** Polls the backlogs until all are empty, at most {@link Options#sweepCatchUp()} after {@code since}. */
    private CatchUp awaitCaughtUp(long since) throws InterruptedException {
        return awaitCaughtUp(since, options.sweepCatchUp());
    }

    private CatchUp awaitCaughtUp(long since, Duration timeout) throws InterruptedException {
        long giveUp = since + timeout.toNanos();
        Duration counted = null;
        while (true) {
            Backlog now = target.backlog();
            Duration after = Duration.ofNanos(System.nanoTime() - since);
            if (counted == null && now.counted()) {
                counted = after;
            }
            if (now.empty()) {
                return new CatchUp(counted, after);
            }
            if (System.nanoTime() > giveUp) {
                return new CatchUp(counted, null);
            }
            Thread.sleep(pollAfter(now));
        }
    }

    /**
     * Every poll counts documents on the stand-in (a scan of a collection that holds the whole run), and that CPU
     * lands in the step's window: while only receipts are left, poll about four times over their expected drain
     * at the stack's mail rate rather than twice a second (the answer is then at most a quarter late, and exact
     * to {@link #POLL_EVERY} at the end).
     */
    private Duration pollAfter(Backlog now) {
        if (!now.counted() || now.receipts() <= 0) {
            return POLL_EVERY;
        }
        long millis = now.receipts() * 1000 / Math.max(1, options.mailRate()) / 4;
        return Duration.ofMillis(Math.clamp(millis, POLL_EVERY.toMillis(), MAX_POLL_EVERY.toMillis()));
    }

    private ScenarioResult result(
            SweepResult sweep,
            Map<String, String> checks,
            StackBench.Settled settled,
            Map<String, Double> cpu,
            Map<String, Long> rss,
            Duration took) {
        List<Step> all = new ArrayList<>(sweep.steps());
        all.addAll(sweep.confirmations());
        Map<Integer, Long> statuses = new TreeMap<>();
        all.forEach(s -> s.statuses().forEach((status, n) -> statuses.merge(status, n, Long::sum)));
        var held = sweep.sustained();
        return new ScenarioResult(
                name,
                describe(),
                null,
                all.stream().mapToLong(Step::sent).sum(),
                all.stream()
                        .mapToLong(s -> s.statuses().entrySet().stream()
                                .filter(e -> e.getKey() / 100 == 2)
                                .mapToLong(Map.Entry::getValue)
                                .sum())
                        .sum(),
                held.map(Step::handledPerSecond).orElse(Double.NaN),
                statuses,
                all.stream().mapToLong(Step::noAnswer).sum(),
                (int) all.stream().mapToLong(Step::refused).sum(),
                held.map(Step::latency).orElse(null),
                null,
                settled.totals(),
                mix.receiptsOwed(),
                all.isEmpty() ? -1 : all.getLast().atEnd().receipts(),
                settled.receipts().after(),
                settled.receipts().rate(),
                checks,
                cpu,
                rss,
                took,
                List.of(),
                List.of(),
                sweep,
                null,
                null);
    }

    private String describe() {
        return "rate sweep of %s: %s webhooks/s, %d s each, target p99 < %d ms; the highest passing rate held %d s"
                .formatted(
                        target.description(),
                        options.sweepRates().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                        options.sweepStep().toSeconds(),
                        options.sweepP99().toMillis(),
                        options.sweepConfirm().toSeconds());
    }
}
