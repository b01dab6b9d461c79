package org.givingstream.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/** The Markdown report of one run: what was measured, on what, with which command. */
final class Report {

    private Report() {}

    static String oneLine(ScenarioResult r) {
        return "%s: %d sent, %.0f accepted/s, p50 %s p99 %s p99.9 %s, summary p99 %s, receipts drained %s, %s".formatted(
                r.name(), r.sent(), r.acceptedPerSecond(), ms(r.webhookLatency(), 50), ms(r.webhookLatency(), 99),
                ms(r.webhookLatency(), 99.9), ms(r.summaryLatency(), 99), seconds(r.receiptsDrainedAfter()),
                r.passed() ? "all checks OK" : "CHECKS FAILED");
    }

    static String markdown(List<ScenarioResult> results, Options o, String machine, double loadBefore, String command,
            Duration took) {
        StringBuilder md = new StringBuilder();
        md.append("## Open-loop scenarios (issue 6), ").append(LocalDate.now()).append(o.quick() ? " (--quick smoke run)" : "")
                .append("\n\n");
        md.append("**Machine**: ").append(machine).append("; 1-minute load average before the run: ")
                .append(loadBefore).append(". The whole stack, the baseline and the load generator share it.\n\n");
        md.append("**Command**: `").append(command.strip()).append("` (took ").append(seconds(took)).append(")\n\n");
        md.append("""
                **Load**: %.0f donations/s steady; spikes climb from 0 to %.0f donations/s in 1 s. Per donation %.3f \
                webhooks on average: the checkout, the payment intent of the same payment for %.0f %% of them, %.0f %% \
                re-deliveries, %.0f %% refunds, %.1f %% forged; 70 %% of donations to one hot campaign, the rest over 4 \
                others. %.0f %% of donors give an email (receipts owed); notification-service sends at most %d/s \
                (`notifications.mail.rate-per-second`). At most %d deliveries in flight. Latencies run from each \
                webhook's scheduled time (corrected for coordinated omission).

                """.formatted(o.donationRate(), o.spikeRate(), DonationMix.webhooksPerDonation(o.pairShare()),
                o.pairShare() * 100, DonationMix.DUPLICATES * 100, DonationMix.REFUNDS * 100,
                DonationMix.FORGED * 100, o.emailShare() * 100, o.mailRate(), o.maxInFlight()));
        md.append("| scenario | load | webhooks sent | accepted/s | p50 | p99 | p99.9 | max | webhook→summary p50 / p99 "
                + "| totals settled after load | receipts owed / waiting at end | receipts drained after | checks |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (ScenarioResult r : results) {
            Histogram h = r.webhookLatency();
            md.append("| %s | %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n".formatted(
                    r.name(), r.description(), r.sent(), r.acceptedPerSecond(), ms(h, 50), ms(h, 99), ms(h, 99.9),
                    ms(h, 100),
                    r.summaryLatency() == null ? "= webhook" : ms(r.summaryLatency(), 50) + " / " + ms(r.summaryLatency(), 99),
                    seconds(r.totalsSettledAfter()),
                    r.receiptsOwed() + " / " + (r.receiptsPendingAtEnd() < 0 ? "?" : r.receiptsPendingAtEnd()),
                    drain(r, o),
                    r.passed() ? "all OK" : "**FAILED**"));
        }
        md.append("\nAnswers (first delivery): ");
        results.forEach(r -> md.append("%s %s%s, %d re-delivered; ".formatted(r.name(), r.statuses(),
                r.noAnswer() > 0 ? " + " + r.noAnswer() + " unanswered" : "", r.redelivered())));
        md.append("\n\n").append(ratios(results));
        md.append(resources(results));
        md.append("\n**Final checks**\n\n");
        for (ScenarioResult r : results) {
            r.checks().forEach((name, outcome) -> md.append("- %s, %s: %s\n".formatted(r.name(), name, outcome)));
        }
        md.append("\nRaw HdrHistogram output per scenario: `<scenario>.hgrm` (percentiles, ms), `<scenario>.hlog` "
                + "(one interval histogram per second, µs), `<scenario>-summary.hgrm` (webhook→summary); chart "
                + "`<scenario>.svg` (p50/p99 per second, webhook→summary, consumer lag and backlogs).\n");
        return md.toString();
    }

    private static String drain(ScenarioResult r, Options o) {
        if (r.summaryLatency() == null) {
            return "0 (sent before answering)";
        }
        // what the same receipts would take with notification-service's default limit, if that were the bottleneck
        String projected = "; all %d at the default 10/s: %s".formatted(r.receiptsOwed(),
                seconds(Duration.ofSeconds(r.receiptsOwed() / 10)));
        if (r.receiptsDrainedAfter() == null) {
            return "not within %s (%.0f/s while draining)%s".formatted(seconds(o.drainTimeout()), r.receiptRate(),
                    projected);
        }
        return "%s (%.0f/s while draining)%s".formatted(seconds(r.receiptsDrainedAfter()), r.receiptRate(), projected);
    }

    private static String ratios(List<ScenarioResult> results) {
        StringBuilder md = new StringBuilder();
        for (String load : List.of("steady", "spike")) {
            Optional<ScenarioResult> stack = find(results, load);
            Optional<ScenarioResult> base = find(results, "baseline-" + load);
            if (stack.isEmpty() || base.isEmpty()) {
                continue;
            }
            var s = stack.get();
            var b = base.get();
            md.append("**Against the synchronous baseline, %s**: accepted/s %.0f vs %.0f (×%.2f); p99 %s vs %s (×%.2f); "
                    .formatted(load, s.acceptedPerSecond(), b.acceptedPerSecond(),
                            s.acceptedPerSecond() / b.acceptedPerSecond(), ms(s.webhookLatency(), 99),
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
        results.forEach(r -> md.append(' ').append(r.name()).append(" (").append(seconds(r.wallClock())).append(") |"));
        md.append("\n| --- |").append(" --- |".repeat(results.size())).append('\n');
        for (String part : parts) {
            md.append("| ").append(part).append(" |");
            for (ScenarioResult r : results) {
                Double cpu = r.cpuSeconds().get(part);
                Long rss = r.residentMib().get(part);
                md.append(cpu == null && rss == null ? " - |"
                        : " %s / %s |".formatted(cpu == null ? "-" : "%.1f s".formatted(cpu), rss == null ? "-" : rss));
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
        return ms < 10 ? "%.1f ms".formatted(ms) : ms < 10_000 ? "%.0f ms".formatted(ms) : "%.1f s".formatted(ms / 1000);
    }

    static String seconds(Duration d) {
        return d == null ? "-" : "%.1f s".formatted(d.toMillis() / 1000.0);
    }
}
