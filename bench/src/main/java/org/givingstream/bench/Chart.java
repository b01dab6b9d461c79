package org.givingstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A small SVG per scenario, written by the benchmark: on top webhook latency per second (p50, p99) and each probe's
 * webhook→summary time; below the backlogs per second (consumer lag of campaign-service and notification-service,
 * donations waiting in the outbox, receipts waiting to be sent). For the rate sweep: latency against the offered
 * rate on top, the rate handled below.
 */
final class Chart {

    private static final int WIDTH = 860;
    private static final int PANEL = 200;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int GAP = 60;

    private Chart() {}

    private record Series(String label, String color, List<double[]> points, boolean dots) {
        Series asDots() {
            return new Series(label, color, points, true);
        }
    }

    static void write(Path file, ScenarioResult r) throws IOException {
        List<Timeline.Row> rows = r.rows();
        double maxX = Math.max(1, rows.isEmpty() ? 1 : rows.getLast().second());
        List<Series> latency = List.of(
                series("webhook p50", "#1f77b4", rows, Timeline.Row::p50Ms),
                series("webhook p99", "#d62728", rows, Timeline.Row::p99Ms),
                new Series("webhook→summary (each probe)", "#2ca02c", r.probePoints(), true));
        List<Series> backlog = List.of(
                series("campaign-service lag", "#9467bd", rows, row -> row.campaignLag()),
                series("notification-service lag", "#8c564b", rows, row -> row.notificationLag()),
                series("outbox backlog", "#ff7f0e", rows, row -> row.outboxBacklog()),
                series("receipts waiting", "#17becf", rows, row -> row.receiptsPending()));
        twoPanels(
                file,
                r.name() + ": " + r.description(),
                "latency (ms, log scale)",
                latency,
                "waiting (events / receipts)",
                backlog,
                maxX,
                "seconds since the load started");
    }

    /** The sweep: one point per step, x = offered webhooks/s; the target as a flat line. */
    static void writeSweep(Path file, SweepResult sweep) throws IOException {
        List<SweepResult.Step> steps = sweep.steps();
        double maxX = steps.stream().mapToInt(SweepResult.Step::offered).max().orElse(1);
        double target = sweep.target().toNanos() / 1e6;
        List<Series> latency = List.of(
                stepSeries("p50", "#1f77b4", steps, s -> s.latency().getValueAtPercentile(50) / 1000.0),
                stepSeries("p99", "#d62728", steps, s -> s.latency().getValueAtPercentile(99) / 1000.0),
                stepSeries("p99.9", "#ff7f0e", steps, s -> s.latency().getValueAtPercentile(99.9) / 1000.0),
                new Series(
                        "target p99", "#999999", List.of(new double[] {0, target}, new double[] {maxX, target}), false),
                stepSeries(
                                "confirmation p99",
                                "#2ca02c",
                                sweep.confirmations(),
                                s -> s.latency().getValueAtPercentile(99) / 1000.0)
                        .asDots());
        List<Series> rate = List.of(
                stepSeries("offered", "#999999", steps, s -> s.offered()),
                stepSeries("handled", "#1f77b4", steps, SweepResult.Step::handledPerSecond));
        twoPanels(
                file,
                sweep.name() + ": " + Report.answer(sweep),
                "webhook latency (ms, log scale)",
                latency,
                "webhooks/s",
                rate,
                maxX,
                "offered webhooks/s");
    }

    private static void twoPanels(
            Path file,
            String title,
            String topTitle,
            List<Series> top,
            String bottomTitle,
            List<Series> bottom,
            double maxX,
            String xLabel)
            throws IOException {
        StringBuilder svg = new StringBuilder();
        int height = TOP + PANEL + GAP + PANEL + 50;
        svg.append(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n"
                        .formatted(WIDTH, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 18, 14, title));
        panel(svg, TOP, topTitle, top, maxX, true);
        panel(svg, TOP + PANEL + GAP, bottomTitle, bottom, maxX, false);
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2 - 60, height - 12, 11, xLabel));
        svg.append("</svg>\n");
        Files.writeString(file, svg.toString());
    }

    private static Series stepSeries(
            String label, String color, List<SweepResult.Step> steps, ToDoubleFunction<SweepResult.Step> value) {
        List<double[]> points = new ArrayList<>();
        steps.forEach(s -> points.add(new double[] {s.offered(), value.applyAsDouble(s)}));
        return new Series(label, color, points, false);
    }

    private static Series series(
            String label, String color, List<Timeline.Row> rows, ToDoubleFunction<Timeline.Row> value) {
        List<double[]> points = new ArrayList<>();
        for (Timeline.Row row : rows) {
            double v = value.applyAsDouble(row);
            if (!Double.isNaN(v) && v >= 0) {
                points.add(new double[] {row.second(), v});
            }
        }
        return new Series(label, color, points, false);
    }

    /** @param log latency spans 1 ms to minutes: log10 from 1 ms, one grid line per power of ten */
    private static void panel(StringBuilder svg, int top, String title, List<Series> series, double maxX, boolean log) {
        double maxValue = series.stream()
                .flatMap(s -> s.points().stream())
                .mapToDouble(p -> p[1])
                .max()
                .orElse(1);
        double maxY = log ? Math.ceil(Math.log10(Math.max(maxValue, 10))) : niceCeiling(Math.max(maxValue, 1));
        int lines = log ? (int) maxY : 4;
        int w = WIDTH - LEFT - RIGHT;
        svg.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n"
                .formatted(LEFT, top, w, PANEL));
        svg.append(text(LEFT, top - 6, 12, title));
        for (int i = 0; i <= lines; i++) {
            double y = top + PANEL - PANEL * i / (double) lines;
            svg.append("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n"
                    .formatted(LEFT, LEFT + w, y, y));
            svg.append(text(4, (int) y + 4, 10, fmt(log ? Math.pow(10, i) : maxY * i / lines)));
        }
        for (int i = 0; i <= 10; i++) {
            double x = LEFT + w * i / 10.0;
            svg.append(text((int) x - 8, top + PANEL + 14, 10, fmt(maxX * i / 10)));
        }
        int legendX = LEFT + 10;
        for (Series s : series) {
            svg.append("<text x=\"%d\" y=\"%d\" fill=\"%s\" font-size=\"10\">%s</text>\n"
                    .formatted(legendX, top + 14, s.color(), escape(s.label())));
            legendX += 8 + 6 * s.label().length();
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                double x = LEFT + w * Math.min(1, p[0] / maxX);
                double v = log ? Math.log10(Math.max(1, p[1])) : p[1];
                double y = top + PANEL - PANEL * Math.min(1, v / maxY);
                if (s.dots()) {
                    svg.append("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"%s\"/>\n".formatted(x, y, s.color()));
                } else {
                    path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                }
            }
            if (!path.isEmpty()) {
                svg.append("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n"
                        .formatted(path, s.color()));
            }
        }
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (v <= step * magnitude) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String fmt(double v) {
        return v >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String text(int x, int y, int size, String s) {
        return "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%s</text>\n".formatted(x, y, size, escape(s));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
