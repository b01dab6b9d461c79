package org.givingstream.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/** The Markdown report of one run: what was measured, on what, with which command. */
final class Report {

    private Report() {}

    static String oneLine(ScenarioResult r) {
        if (r.sweep() != null) {
            return "%s: %s; steps %s; %s"
                    .formatted(
                            r.name(),
                            answer(r.sweep()),
                            r.sweep().steps().stream()
                                    .map(s -> s.offered() + "/s " + (s.passed() ? "pass" : "fail"))
                                    .toList(),
                            r.passed() ? "all checks OK" : "CHECKS FAILED");
        }
        return "%s: %d sent, %.0f accepted/s, p50 %s p99 %s p99.9 %s, summary p99 %s, receipts drained %s, %s"
                .formatted(
                        r.name(),
                        r.sent(),
                        r.acceptedPerSecond(),
                        ms(r.webhookLatency(), 50),
                        ms(r.webhookLatency(), 99),
                        ms(r.webhookLatency(), 99.9),
                        ms(r.summaryLatency(), 99),
                        seconds(r.receiptsDrainedAfter()),
                        r.passed() ? "all checks OK" : "CHECKS FAILED");
    }

    static String markdown(
            List<ScenarioResult> results, Options o, String machine, double loadBefore, String command, Duration took) {
        StringBuilder md = new StringBuilder();
        md.append("## Open-loop scenarios (issues 6 and 12), ")
                .append(LocalDate.now())
                .append(o.quick() ? " (--quick smoke run)" : "")
                .append("\n\n");
        md.append("**Machine**: ")
                .append(machine)
                .append("; 1-minute load average before the run: ")
                .append(loadBefore)
                .append(". The whole stack, the baseline and the load generator share it.\n\n");
        md.append("**Command**: `")
                .append(command.strip())
                .append("` (took ")
                .append(seconds(took))
                .append(")\n\n");
        md.append(
                        "**Headline** (max sustained webhooks/s with p99 under the target, each confirmed for %d s; the "
                                        .formatted(o.sweepConfirm().toSeconds())
                                + "floor is Spring Boot webmvc doing nothing; n/a: not measured in this run; 0: no rate held):\n\n")
                .append(headline(results, o))
                .append("\n\n"); // at the start of its line: grep '^max-sustained'

        md.append("""
                **Load**: %sPer donation %.3f \
                webhooks on average: the checkout, the payment intent of the same payment for %.0f %% of them, %.0f %% \
                re-deliveries, %.0f %% refunds, %.1f %% forged; 70 %% of donations to one hot campaign, the rest over 4 \
                others. %.0f %% of donors give an email (receipts owed); notification-service sends at most %d/s \
                (`notifications.mail.rate-per-second`). At most %d deliveries in flight. Latencies run from each \
                webhook's scheduled time (corrected for coordinated omission).

                """.formatted(
                o.scenarios().stream().anyMatch(s -> !s.endsWith(RateSweep.NAME))
                        ? "%.0f donations/s steady; spikes climb from 0 to %.0f donations/s in 1 s (`%s`: to %.0f "
                                        .formatted(o.donationRate(), o.spikeRate(), Options.BIG_SPIKE, o.bigSpikeRate())
                                + "webhooks/s) and hold %d s. "
                                        .formatted(o.spikeHold().toSeconds())
                        : "",
                DonationMix.webhooksPerDonation(o.pairShare()),
                o.pairShare() * 100,
                DonationMix.DUPLICATES * 100,
                DonationMix.REFUNDS * 100,
                DonationMix.FORGED * 100,
                o.emailShare() * 100,
                o.mailRate(),
                o.maxInFlight()));
        if (o.anySweep()) {
            md.append(sweepRule(o));
        }
        results.stream().filter(r -> r.sweep() != null).forEach(r -> md.append(sweep(r.sweep(), o)));
        List<ScenarioResult> fixed =
                results.stream().filter(r -> r.sweep() == null).toList();
        if (!fixed.isEmpty()) {
            md.append(table(fixed, o));
        }
        results.stream().filter(r -> r.name().endsWith(Options.BIG_SPIKE)).forEach(r -> md.append(bigSpike(r)));
        md.append("\nAnswers (first delivery): ");
        results.forEach(r -> md.append("%s %s%s, %d re-delivered; "
                .formatted(
                        r.name(),
                        r.statuses(),
                        r.noAnswer() > 0 ? " + " + r.noAnswer() + " unanswered" : "",
                        r.redelivered())));
        md.append("\n\n").append(ratios(results));
        md.append(resources(results));
        md.append(CpuReport.markdown(results, o));
        md.append("\n**Final checks**\n\n");
        for (ScenarioResult r : results) {
            r.checks().forEach((name, outcome) -> md.append("- %s, %s: %s\n".formatted(r.name(), name, outcome)));
        }
        md.append("\nRaw HdrHistogram output per scenario: `<scenario>.hgrm` (percentiles, ms), `<scenario>.hlog` "
                + "(one interval histogram per second, µs), `<scenario>-summary.hgrm` (webhook→summary); chart "
                + "`<scenario>.svg` (p50/p99 per second, webhook→summary, consumer lag and backlogs).\n");
        return md.toString();
    }

    private static String table(List<ScenarioResult> results, Options o) {
        StringBuilder md = new StringBuilder();
        md.append(
                "| scenario | load | webhooks sent | accepted/s | p50 | p99 | p99.9 | max | webhook→summary p50 / p99 "
                        + "| totals settled after load | receipts owed / waiting at end | receipts drained after | checks |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ScenarioResult r : results) {
            Histogram h = r.webhookLatency();
            md.append("| %s | %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n"
                    .formatted(
                            r.name(),
                            r.description(),
                            r.sent(),
                            r.acceptedPerSecond(),
                            ms(h, 50),
                            ms(h, 99),
                            ms(h, 99.9),
                            ms(h, 100),
                            r.summaryLatency() == null
                                    ? "= webhook"
                                    : ms(r.summaryLatency(), 50) + " / " + ms(r.summaryLatency(), 99),
                            seconds(r.totalsSettledAfter()),
                            r.receiptsOwed() + " / " + (r.receiptsPendingAtEnd() < 0 ? "?" : r.receiptsPendingAtEnd()),
                            drain(r, o),
                            r.passed() ? "all OK" : "**FAILED**"));
        }
        return md.toString();
    }

    /** The big spike in words: what was taken during it, and when everything was done after it. */
    private static String bigSpike(ScenarioResult r) {
        Duration scheduled = r.schedule().length();
        Duration overran = r.loadTook() == null ? Duration.ZERO : r.loadTook().minus(scheduled);
        return ("\n**`%s`** (%s): %.0f webhooks/s accepted on first delivery, from the first due time to the last "
                        + "answer; webhook p99 %s, max %s. The last answer came %s after the spike's scheduled end%s. After "
                        + "that, totals exact and current after %s; every receipt sent after %s; %s; %s.\n")
                .formatted(
                        r.name(),
                        r.description(),
                        r.acceptedPerSecond(),
                        ms(r.webhookLatency(), 99),
                        ms(r.webhookLatency(), 100),
                        seconds(overran.isNegative() ? Duration.ZERO : overran),
                        overran.compareTo(Duration.ofSeconds(1)) > 0
                                ? " (the target fell behind, so the generator waited for free connections)"
                                : "",
                        orNot(r.totalsSettledAfter()),
                        r.summaryLatency() == null ? "0 s (sent before answering)" : orNot(r.receiptsDrainedAfter()),
                        r.checks().getOrDefault("receipts", "receipts not checked"),
                        r.checks().getOrDefault("totals", "totals not checked"));
    }

    /** What every sweep does, said once. */
    private static String sweepRule(Options o) {
        return """
                **Rate sweeps** (`sweep`: the stack; `baseline-sweep`: the synchronous monolith; `floor-sweep`, \
                `floor-jdk-sweep`: a do-nothing endpoint alone in its JVM, before the stack starts): the highest rate \
                with webhook p99 < %d ms. Each step offers one fixed rate for %d s (open loop, no ramp, the mix \
                above, no probe, every webhook drawn and signed before the step) and starts only once the target has \
                caught up with the step before (the stack: intake log applied and outbox empty, both consumer groups at lag 0 and the \
                sweep's receipts sent, at most %s; the baseline and the floors have nothing left to do once they \
                answer). A step passes when p99 < %d ms, at least %.0f %% of the offered rate was answered as \
                expected (2xx; the forged ones 400, except at a floor, which checks no signature) and no delivery was \
                refused or left unanswered. A sweep stops after two failing steps in a row; the highest passing rate \
                must then hold for %d s (if it does not, the next passing rate below gets one try).

                """.formatted(
                        o.sweepP99().toMillis(),
                        o.sweepStep().toSeconds(),
                        seconds(o.sweepCatchUp()),
                        o.sweepP99().toMillis(),
                        SweepResult.ACCEPTED_SHARE * 100,
                        o.sweepConfirm().toSeconds());
    }

    /** One sweep's table: one row per step and per confirmation, then the answer. */
    private static String sweep(SweepResult sweep, Options o) {
        StringBuilder md = new StringBuilder();
        md.append("**`%s`**: %s.\n\n".formatted(sweep.name(), sweep.targetDescription()));
        md.append(
                "| offered webhooks/s (≈ donations/s) | held | sent | handled/s | refused | p50 | p99 | p99.9 | max ");
        md.append(
                sweep.catchesUp()
                        ? "| waiting at end: intake+outbox / campaign lag / notification lag / receipts "
                                + "| totals current after | all caught up after "
                        : "");
        md.append("| result |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        md.append(sweep.catchesUp() ? " --- | --- | --- |" : "").append(" --- |\n");
        double perDonation = DonationMix.webhooksPerDonation(o.pairShare());
        sweep.steps().forEach(s -> md.append(sweepRow("", s, perDonation, sweep.catchesUp())));
        sweep.confirmations().forEach(s -> md.append(sweepRow("confirmation: ", s, perDonation, sweep.catchesUp())));
        md.append("\n**Answer**: ").append(answer(sweep)).append('.');
        if (sweep.stoppedBecause() != null) {
            md.append(" Stopped early: ").append(sweep.stoppedBecause()).append('.');
        }
        if (sweep.sustained().isPresent()
                && sweep.sustained().get().offered() == o.sweepRates().getLast()) {
            md.append(" That is the highest rate offered: the real maximum may be higher.");
        }
        md.append(" Raw histograms `%1$s-<rate>.hgrm` and `%1$s-<rate>-confirm.hgrm`; chart `%1$s.svg`.\n\n"
                .formatted(sweep.name()));
        return md.toString();
    }

    private static String sweepRow(String kind, SweepResult.Step s, double perDonation, boolean catchesUp) {
        Histogram h = s.latency();
        var end = s.atEnd();
        return "| %s%d (%.0f) | %s | %d | %.1f | %d | %s | %s | %s | %s |%s %s |\n"
                .formatted(
                        kind,
                        s.offered(),
                        s.offered() / perDonation,
                        seconds(s.length()),
                        s.sent(),
                        s.handledPerSecond(),
                        s.refused(),
                        ms(h, 50),
                        ms(h, 99),
                        ms(h, 99.9),
                        ms(h, 100),
                        catchesUp
                                ? " %s / %s / %s / %s | %s | %s |"
                                        .formatted(
                                                gauge(end.outbox()),
                                                gauge(end.campaignLag()),
                                                gauge(end.notificationLag()),
                                                gauge(end.receipts()),
                                                orNot(s.countedAfter()),
                                                orNot(s.caughtUpAfter()))
                                : "",
                        s.passed() ? "pass" : "**fail**: " + String.join(", ", s.failures()));
    }

    /**
     * The line a script greps: {@code max-sustained-webhooks-per-s: stack=N baseline=M ratio=N/M floor=F p99-ms=T}.
     * A sweep not run in this run gives n/a; one that ran but held no rate gives 0.
     */
    static String headline(List<ScenarioResult> results, Options o) {
        OptionalInt stack = sustained(results, RateSweep.NAME);
        OptionalInt baseline = sustained(results, BaselineBench.SWEEP);
        String ratio = stack.isPresent() && baseline.isPresent() && baseline.getAsInt() > 0
                ? String.format(Locale.ROOT, "%.2f", (double) stack.getAsInt() / baseline.getAsInt())
                : "n/a";
        double target = o.sweepP99().toNanos() / 1e6;
        return "max-sustained-webhooks-per-s: stack=%s baseline=%s ratio=%s floor=%s p99-ms=%s"
                .formatted(
                        figure(stack),
                        figure(baseline),
                        ratio,
                        figure(sustained(results, FloorBench.SPRING)),
                        target == Math.rint(target)
                                ? String.valueOf((long) target)
                                : String.format(Locale.ROOT, "%.1f", target));
    }

    /** The sweep's sustained rate, 0 if it held none; empty if the sweep was not run. */
    static OptionalInt sustained(List<ScenarioResult> results, String sweep) {
        return find(results, sweep)
                .filter(r -> r.sweep() != null)
                .map(r -> OptionalInt.of(
                        r.sweep().sustained().map(SweepResult.Step::offered).orElse(0)))
                .orElse(OptionalInt.empty());
    }

    private static String figure(OptionalInt rate) {
        return rate.isPresent() ? String.valueOf(rate.getAsInt()) : "n/a";
    }

    /** The sweep's outcome in one sentence. */
    static String answer(SweepResult sweep) {
        var held = sweep.sustained();
        var best = sweep.highestPassingStep();
        long target = sweep.target().toMillis();
        if (held.isPresent()) {
            int rate = held.get().offered();
            Histogram step = sweep.steps().stream()
                    .filter(s -> s.offered() == rate)
                    .findFirst()
                    .orElseThrow()
                    .latency();
            String higher = sweep.confirmations().getFirst().offered() == rate
                    ? ""
                    : "; %d webhooks/s passed its step but not the confirmation (%s)"
                            .formatted(
                                    sweep.confirmations().getFirst().offered(),
                                    String.join(
                                            ", ",
                                            sweep.confirmations().getFirst().failures()));
            return "max sustained %d webhooks/s with p99 < %d ms (p99 %s in its %s step, %s over %s)%s"
                    .formatted(
                            rate,
                            target,
                            ms(step, 99),
                            seconds(sweep.stepLength()),
                            ms(held.get().latency(), 99),
                            seconds(held.get().length()),
                            higher);
        }
        if (best.isPresent()) {
            return "no rate held: %d webhooks/s passed its %s step with p99 %s, but not the confirmation (%s)"
                    .formatted(
                            best.get().offered(),
                            seconds(sweep.stepLength()),
                            ms(best.get().latency(), 99),
                            sweep.confirmations().isEmpty()
                                    ? "not run: the platform had not caught up"
                                    : String.join(
                                            ", ",
                                            sweep.confirmations().getFirst().failures()));
        }
        var first = sweep.steps().getFirst();
        return "no rate passed: the lowest, %d webhooks/s, failed (%s)"
                .formatted(first.offered(), String.join(", ", first.failures()));
    }

    static String sweepStep(String name, SweepResult.Step s, boolean catchesUp) {
        Histogram h = s.latency();
        var end = s.atEnd();
        String downstream = !catchesUp
                ? ""
                : ("waiting at end: outbox %s, lag %s / %s, receipts %s; totals current "
                                + "after %s, caught up after %s; ")
                        .formatted(
                                gauge(end.outbox()),
                                gauge(end.campaignLag()),
                                gauge(end.notificationLag()),
                                gauge(end.receipts()),
                                orNot(s.countedAfter()),
                                orNot(s.caughtUpAfter()));
        return ("%s %d/s for %s: %d sent, %.1f handled/s, %d refused; p50 %s p99 %s p99.9 %s max %s; %s"
                        + "CPU/webhook: platform %.3f ms, generator %.3f ms: %s")
                .formatted(
                        name,
                        s.offered(),
                        seconds(s.length()),
                        s.sent(),
                        s.handledPerSecond(),
                        s.refused(),
                        ms(h, 50),
                        ms(h, 99),
                        ms(h, 99.9),
                        ms(h, 100),
                        downstream,
                        s.cpu().platformMsPerWebhook(),
                        s.cpu().msPerWebhook(CpuCost.GENERATOR),
                        s.passed() ? "PASS" : "FAIL (" + String.join(", ", s.failures()) + ")");
    }

    private static String gauge(long value) {
        return value < 0 ? "?" : String.valueOf(value);
    }

    private static String orNot(Duration d) {
        return d == null ? "not within the timeout" : seconds(d);
    }

    private static String drain(ScenarioResult r, Options o) {
        if (r.summaryLatency() == null) {
            return "0 (sent before answering)";
        }
        // what the same receipts would take with notification-service's default limit, if that were the bottleneck
        String projected = "; all %d at the default 10/s: %s"
                .formatted(r.receiptsOwed(), seconds(Duration.ofSeconds(r.receiptsOwed() / 10)));
        if (r.receiptsDrainedAfter() == null) {
            return "not within %s (%.0f/s while draining)%s"
                    .formatted(seconds(o.drainTimeout()), r.receiptRate(), projected);
        }
        return "%s (%.0f/s while draining)%s".formatted(seconds(r.receiptsDrainedAfter()), r.receiptRate(), projected);
    }

    private static String ratios(List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        OptionalInt stackRate = sustained(results, RateSweep.NAME);
        OptionalInt baseRate = sustained(results, BaselineBench.SWEEP);
        if (stackRate.isPresent() && baseRate.isPresent()) {
            md.append("**Against the synchronous baseline, rate sweeps**: max sustained %d vs %d webhooks/s%s\n\n"
                    .formatted(
                            stackRate.getAsInt(),
                            baseRate.getAsInt(),
                            baseRate.getAsInt() > 0
                                    ? " (×%.2f).".formatted((double) stackRate.getAsInt() / baseRate.getAsInt())
                                    : "."));
        }
        for (String load : List.of("steady", "spike")) {
            Optional<ScenarioResult> stack = find(results, load);
            Optional<ScenarioResult> base = find(results, "baseline-" + load);
            if (stack.isEmpty() || base.isEmpty()) {
                continue;
            }
            var s = stack.get();
            var b = base.get();
            md.append(
                    "**Against the synchronous baseline, %s**: accepted/s %.0f vs %.0f (×%.2f); p99 %s vs %s (×%.2f); "
                            .formatted(
                                    load,
                                    s.acceptedPerSecond(),
                                    b.acceptedPerSecond(),
                                    s.acceptedPerSecond() / b.acceptedPerSecond(),
                                    ms(s.webhookLatency(), 99),
                                    ms(b.webhookLatency(), 99),
                                    (double) s.webhookLatency().getValueAtPercentile(99)
                                            / Math.max(1, b.webhookLatency().getValueAtPercentile(99))));
            md.append("p99.9 %s vs %s. The baseline's summary and receipts are done when it answers; the stack's "
                    .formatted(ms(s.webhookLatency(), 99.9), ms(b.webhookLatency(), 99.9)));
            md.append("summary p99 is %s after the webhook's due time.\n\n".formatted(ms(s.summaryLatency(), 99)));
        }
        return md.toString();
    }

    private static String resources(List<ScenarioResult> results) {
        TreeSet<String> parts = new TreeSet<>();
        results.forEach(r -> {
            parts.addAll(r.cpuSeconds().keySet());
            parts.addAll(r.residentMib().keySet());
        });
        StringBuilder md = new StringBuilder("**CPU seconds used during each scenario (load and drain) / resident "
                + "memory at its end (MiB)**\n\n| JVM |");
        results.forEach(r -> md.append(' ')
                .append(r.name())
                .append(" (")
                .append(seconds(r.wallClock()))
                .append(") |"));
        md.append("\n| --- |").append(" --- |".repeat(results.size())).append('\n');
        for (String part : parts) {
            md.append("| ").append(part).append(" |");
            for (ScenarioResult r : results) {
                Double cpu = r.cpuSeconds().get(part);
                Long rss = r.residentMib().get(part);
                md.append(
                        cpu == null && rss == null
                                ? " - |"
                                : " %s / %s |"
                                        .formatted(
                                                cpu == null ? "-" : "%.1f s".formatted(cpu), rss == null ? "-" : rss));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static Optional<ScenarioResult> find(List<ScenarioResult> results, String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    static String ms(Histogram h, double percentile) {
        if (h == null || h.getTotalCount() == 0) {
            return "-";
        }
        double ms = (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
        return ms < 10
                ? "%.1f ms".formatted(ms)
                : ms < 10_000 ? "%.0f ms".formatted(ms) : "%.1f s".formatted(ms / 1000);
    }

    static String seconds(Duration d) {
        return d == null ? "-" : "%.1f s".formatted(d.toMillis() / 1000.0);
    }
}
