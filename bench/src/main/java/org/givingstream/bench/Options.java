package org.givingstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run and how hard. Full run: 200 donations/s steady for 60 s; spikes climb to 400 donations/s in one second
 * and hold 30 s; the rate sweep holds 25 to 300 webhooks/s for 20 s each. {@code --quick}: a smoke test, 5 s per
 * scenario at low rates, a sweep of two 3 s steps.
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
        String out) {

    static final List<String> ALL = List.of(
            "sweep", "steady", "spike", "spike-smtp-down", "spike-kafka-down", "baseline-steady", "baseline-spike");

    static Options parse(String[] args) {
        boolean quick = List.of(args).contains("--quick");
        List<String> scenarios = new ArrayList<>();
        double rate = quick ? 20 : 200;
        double spike = quick ? 60 : 400;
        int mailRate = 50;
        double emailShare = 0.2;
        double pairShare = 0.5;
        int maxInFlight = 128;
        List<Integer> sweepRates = quick ? List.of(10, 20) : List.of(25, 50, 100, 150, 200, 250, 300);
        int sweepStep = quick ? 3 : 20;
        String out = quick ? "bench/results/quick" : "bench/results";
        double sweepP99Ms = 50;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> { }
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
                default -> {
                    if (!ALL.contains(args[i])) {
                        throw new IllegalArgumentException("unknown argument " + args[i] + "; scenarios: " + ALL);
                    }
                    scenarios.add(args[i]);
                }
            }
        }
        List<String> chosen = ALL.stream().filter(s -> scenarios.isEmpty() || scenarios.contains(s)).toList();
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

    boolean any(String prefix) {
        return scenarios.stream().anyMatch(s -> s.startsWith(prefix));
    }
}
