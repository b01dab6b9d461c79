package org.givingstream.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * CPU each JVM spent on one load (issue 12): its CPU time from /proc over the load and the tail that follows it,
 * minus what the same JVM costs idle over as long, the idle cost measured for a few seconds just before the load.
 * Divided by the webhooks accepted, it is the CPU per webhook of each JVM and of the whole platform (every JVM but
 * the load generator).
 *
 * @param busySeconds CPU seconds per JVM over the window, idle cost taken off
 * @param idleShare each JVM's idle cost, CPU seconds per second
 * @param window from just before the load to the end of its tail
 * @param webhooks accepted (2xx) in the load, first deliveries and re-deliveries
 */
record CpuCost(Map<String, Double> busySeconds, Map<String, Double> idleShare, Duration window, long webhooks) {

    static final String GENERATOR = "load generator";

    /** Milliseconds of CPU per accepted webhook; NaN without webhooks. */
    double msPerWebhook(String part) {
        Double busy = busySeconds.get(part);
        return busy == null || webhooks == 0 ? Double.NaN : busy * 1000 / webhooks;
    }

    /** Every JVM of the platform under test together, the load generator apart. */
    double platformMsPerWebhook() {
        double busy = busySeconds.entrySet().stream()
                .filter(e -> !e.getKey().equals(GENERATOR))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        return webhooks == 0 ? Double.NaN : busy * 1000 / webhooks;
    }

    /** Starts measuring: each JVM's idle cost over {@code idleFor}, then the window opens. */
    static Meter meter(Supplier<Map<String, Duration>> cpuTimes, Duration idleFor) throws InterruptedException {
        Map<String, Duration> before = cpuTimes.get();
        long from = System.nanoTime();
        Thread.sleep(idleFor);
        Map<String, Duration> after = cpuTimes.get();
        double seconds = (System.nanoTime() - from) / 1e9;
        Map<String, Double> idle = new TreeMap<>();
        Main.cpuDelta(before, after).forEach((part, used) -> idle.put(part, used / seconds));
        return new Meter(cpuTimes, idle, after, System.nanoTime());
    }

    /** An open window. */
    record Meter(
            Supplier<Map<String, Duration>> cpuTimes,
            Map<String, Double> idleShare,
            Map<String, Duration> start,
            long startNanos) {

        CpuCost stop(long webhooks) {
            Map<String, Duration> end = cpuTimes.get();
            Duration window = Duration.ofNanos(System.nanoTime() - startNanos);
            Map<String, Double> busy = new TreeMap<>();
            Main.cpuDelta(start, end)
                    .forEach((part, used) ->
                            busy.put(part, used - idleShare.getOrDefault(part, 0.0) * window.toNanos() / 1e9));
            return new CpuCost(busy, idleShare, window, webhooks);
        }
    }
}
