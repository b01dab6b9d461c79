package org.givingstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run and how hard. Full run: 200 donations/s steady for 60 s; spikes climb to 400 donations/s in one second
 * and hold 30 s, {@code spike-2000} to 2,000 webhooks/s; the rate sweeps (the stack's, the baseline's, the floors')
 * hold 100 to 3,000 webhooks/s for 20 s each. {@code --quick}: a smoke test, 5 s per scenario at low rates, sweeps
 * of two 3 s steps. Scenario {@code headline} stands for {@link #HEADLINE}.
 *
 * @param donationRate steady donations per second
 * @param spikeRate donations per second at the top of each spike
 * @param pairShare share of donations whose payment intent event is delivered too (the same donation again)
 * @param emailShare share of donors who gave an email address, so are owed a receipt
 * @param mailRate notification-service's SMTP rate limit in this stack (receipts per second)
 * @param maxInFlight concurrent deliveries at most (a provider's delivery workers)
 * @param sweepRates the sweep's offered rates, webhooks per second, ascending
 * @param sweepStep how long the sweep holds each rate
 * @param sweepP99 a sweep step passes with a webhook p99 below this
 * @param sweepConfirm how long the highest passing rate must hold to count as sustained
 * @param sweepCatchUp how long the sweep waits for the platform to catch up after a step
 * @param bigSpikeRate webhooks per second at the top of {@code spike-2000}
 * @param cpuIdle how long each JVM's idle CPU is measured before a load (taken off its CPU over the load)
 * @param cpuTail a fixed scenario's CPU window runs until everything is caught up, and at least this long after the
 *     load (sweep steps: until caught up)
 * @param out where the report and raw output go, relative to the repository ({@code --out}; default
 *     {@code bench/results}, or {@code bench/results/quick} with {@code --quick})
 */
record Options(
        boolean quick,
        List<String> scenarios,
        double donationRate,
        Duration steadyFor,
        double spikeRate,
        Duration spikeHold,
        Duration kafkaKilledAfter,
        Duration kafkaDownFor,
        double pairShare,
        double emailShare,
        int mailRate,
        int maxInFlight,
        Duration warmUp,
        Duration drainTimeout,
        Duration probeEvery,
        List<Integer> sweepRates,
        Duration sweepStep,
        Duration sweepP99,
        Duration sweepConfirm,
        Duration sweepCatchUp,
        double bigSpikeRate,
        Duration cpuIdle,
        Duration cpuTail,
        String out) {

    static final String BIG_SPIKE = "spike-2000";
    static final String HEADLINE = "headline";
    /** Every scenario, in the order run: the floors before the stack starts, the baseline after it stops. */
    static final List<String> ALL = List.of(
            FloorBench.SPRING,
            FloorBench.JDK,
            RateSweep.NAME,
            "steady",
            BIG_SPIKE,
            "spike",
            "spike-smtp-down",
            "spike-kafka-down",
            BaselineBench.SWEEP,
            "baseline-steady",
            "baseline-spike");
    /** What the lead runs first: the three sweeps behind the headline line. */
    static final List<String> HEADLINE_SCENARIOS = List.of(RateSweep.NAME, BaselineBench.SWEEP, FloorBench.SPRING);

    static Options parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        List<String> scenarios = new ArrayList<>();
        double rate = quick ? 20 : 200;
        double spike = quick ? 60 : 400;
        int mailRate = 50;
        double emailShare = 0.2;
        double pairShare = 0.5;
        int maxInFlight = 128;
        double bigSpike = quick ? 100 : 2000;
        List<Integer> sweepRates = quick ? List.of(10, 20) : List.of(100, 250, 500, 750, 1000, 1500, 2000, 3000);
        int sweepStep = quick ? 3 : 20;
        String out = quick ? "bench/results/quick" : "bench/results";
        double sweepP99Ms = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {}
                case "--out" -> out = args[++i];
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--spike-rate" -> spike = Double.parseDouble(args[++i]);
                case "--mail-rate" -> mailRate = Integer.parseInt(args[++i]);
                case "--email-share" -> emailShare = Double.parseDouble(args[++i]);
                case "--pair-share" -> pairShare = Double.parseDouble(args[++i]);
                case "--max-in-flight" -> maxInFlight = Integer.parseInt(args[++i]);
                case "--sweep-rates" -> sweepRates = rates(args[++i]);
                case "--sweep-step" -> sweepStep = Integer.parseInt(args[++i]);
                case "--sweep-p99-ms" -> sweepP99Ms = Double.parseDouble(args[++i]);
                case "--big-spike-rate" -> bigSpike = Double.parseDouble(args[++i]);
                case HEADLINE -> scenarios.addAll(HEADLINE_SCENARIOS);
                default -> {
                    if (!ALL.contains(args[i])) {
                        throw new IllegalArgumentException(
                                "unknown argument " + args[i] + "; scenarios: " + ALL + " or " + HEADLINE);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        List<String> chosen = ALL.stream()
                .filter(s -> scenarios.isEmpty() || scenarios.contains(s))
                .toList();
        return new Options(
                quick,
                chosen,
                rate,
                Duration.ofSeconds(quick ? 5 : 60),
                spike,
                Duration.ofSeconds(quick ? 5 : 30),
                Duration.ofSeconds(quick ? 1 : 5),
                Duration.ofSeconds(quick ? 3 : 10),
                pairShare,
                emailShare,
                mailRate,
                maxInFlight,
                Duration.ofSeconds(quick ? 3 : 20),
                Duration.ofMinutes(quick ? 3 : 20),
                Duration.ofMillis(quick ? 200 : 100),
                sweepRates,
                Duration.ofSeconds(sweepStep),
                Duration.ofNanos((long) (sweepP99Ms * 1_000_000)),
                Duration.ofSeconds(quick ? 5 : 60),
                Duration.ofMinutes(3),
                bigSpike,
                Duration.ofSeconds(quick ? 1 : 5),
                Duration.ofSeconds(quick ? 3 : 45),
                out);
    }

    /** "25,50,100" as ascending distinct webhooks/s. */
    private static List<Integer> rates(String list) {
        List<Integer> rates = java.util.Arrays.stream(list.split(","))
                .map(String::strip)
                .map(Integer::parseInt)
                .sorted()
                .distinct()
                .toList();
        if (rates.isEmpty() || rates.getFirst() <= 0) {
            throw new IllegalArgumentException("--sweep-rates wants positive webhooks/s, e.g. 25,50,100");
        }
        return rates;
    }

    /** The floors' sweeps: run first, each in its own JVM, before the stack starts. */
    List<String> floorScenarios() {
        return scenarios.stream().filter(FloorBench::isFloor).toList();
    }

    /** The synchronous baseline's: run last, with the services and Kafka stopped. */
    List<String> baselineScenarios() {
        return scenarios.stream().filter(s -> s.startsWith("baseline-")).toList();
    }

    /** The event-driven stack's. */
    List<String> stackScenarios() {
        return scenarios.stream()
                .filter(s -> !FloorBench.isFloor(s) && !s.startsWith("baseline-"))
                .toList();
    }

    /** Whether the scenarios run include any sweep (the report then says what a sweep is). */
    boolean anySweep() {
        return scenarios.stream().anyMatch(s -> s.endsWith(RateSweep.NAME));
    }
}
