package org.givingstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The report's CPU-per-webhook tables (issue 12): one per scenario, a row per sweep step. */
final class CpuReport {

    private CpuReport() {}

    private record Row(String label, Duration load, CpuCost cost) {}

    static String markdown(List<ScenarioResult> results, Options o) {
        StringBuilder md = new StringBuilder();
        for (ScenarioResult r : results) {
            List<Row> rows = rows(r);
            if (!rows.isEmpty()) {
                md.append(table(r.name(), rows));
            }
        }
        if (md.isEmpty()) {
            return "";
        }
        return """

                **CPU per accepted webhook (ms)**: each JVM's CPU time from /proc over the load and its tail, minus \
                that JVM's idle cost over as long (measured for %s just before the load), divided by the webhooks \
                accepted (2xx, re-deliveries included). Tail: a sweep step's runs until the target has caught up (the \
                stack: intake log applied and outbox empty, lags 0, receipts sent; the baseline and the floors have nothing left once they \
                answer); a fixed scenario's until its final checks are done and at least %s after the load, so it \
                also holds the summary probe's polling and the gauges read during the load. The MongoDB stand-in's \
                figure includes the bench's own backlog reads while a step catches up. *platform* = every JVM but the \
                load generator; *generator / load s* = the generator's CPU seconds per second of load (1.0 = a \
                whole core), drawing and signing the webhooks before the load included.

                """.formatted(Report.seconds(o.cpuIdle()), Report.seconds(o.cpuTail())) + md;
    }

    private static List<Row> rows(ScenarioResult r) {
        List<Row> rows = new ArrayList<>();
        if (r.sweep() != null) {
            r.sweep().steps().forEach(s -> rows.add(new Row(s.offered() + "/s", s.length(), s.cpu())));
            r.sweep()
                    .confirmations()
                    .forEach(s -> rows.add(new Row("confirmation " + s.offered() + "/s", s.length(), s.cpu())));
        } else if (r.cpuCost() != null) {
            rows.add(
                    new Row(r.name(), r.schedule() == null ? null : r.schedule().length(), r.cpuCost()));
        }
        rows.removeIf(row -> row.cost() == null);
        return rows;
    }

    private static String table(String scenario, List<Row> rows) {
        TreeSet<String> parts = new TreeSet<>();
        rows.forEach(row -> parts.addAll(row.cost().busySeconds().keySet()));
        parts.remove(CpuCost.GENERATOR);
        StringBuilder md = new StringBuilder();
        md.append("| `%s` | accepted | window | **platform** | %s | %s | generator / load s |\n"
                .formatted(scenario, String.join(" | ", parts), CpuCost.GENERATOR));
        md.append("| --- | --- | --- | --- |")
                .append(" --- |".repeat(parts.size()))
                .append(" --- | --- |\n");
        for (Row row : rows) {
            CpuCost c = row.cost();
            md.append("| %s | %d | %s | **%s** |"
                    .formatted(row.label(), c.webhooks(), Report.seconds(c.window()), ms(c.platformMsPerWebhook())));
            parts.forEach(
                    part -> md.append(' ').append(ms(c.msPerWebhook(part))).append(" |"));
            Double generator = c.busySeconds().get(CpuCost.GENERATOR);
            md.append(" %s | %s |\n"
                    .formatted(
                            ms(c.msPerWebhook(CpuCost.GENERATOR)),
                            generator == null || row.load() == null
                                    ? "-"
                                    : "%.2f".formatted(generator / (row.load().toNanos() / 1e9))));
        }
        Map<String, Double> idle = rows.getFirst().cost().idleShare();
        md.append("\nIdle cost taken off (share of a core, measured before the first row): ")
                .append(idle.entrySet().stream()
                        .map(e -> "%s %.3f".formatted(e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")))
                .append(".\n\n");
        return md.toString();
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? "-" : "%.3f".formatted(ms);
    }
}
