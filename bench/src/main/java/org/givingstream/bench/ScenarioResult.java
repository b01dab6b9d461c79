package org.givingstream.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything measured in one scenario.
 *
 * @param acceptedPerSecond webhooks answered 2xx on the first delivery, per second from the first due time to the
 *     last answer
 * @param redelivered deliveries not accepted the first time (no answer, 5xx, 422), delivered again after the load
 * @param summaryLatency webhook to updated campaign summary (null for the baseline: it updates before answering)
 * @param totalsSettledAfter from the end of the load until every campaign summary showed the expected totals
 * @param receiptsOwed donations with an email address
 * @param receiptsPendingAtEnd receipts claimed but not sent when the load ended (-1 unknown)
 * @param receiptsDrainedAfter from the end of the load until every receipt was sent (null: not within the timeout)
 * @param receiptRate receipts sent per second while draining
 * @param checks each final check with its outcome, e.g. "totals" -> "OK: 5 campaigns match"
 * @param cpuSeconds CPU used by each JVM during the scenario (load and drain)
 * @param residentMib resident memory of each JVM at the end
 * @param sweep the rate sweep's steps (only for the sweep, null for the others; its webhook latency is then that of
 *     the confirmation that held, if one did)
 * @param cpuCost CPU per JVM over the load and its tail, idle cost taken off (null for a sweep: per step there)
 * @param loadTook from the first due time to the last answer, re-deliveries included: longer than the schedule
 *     when the target fell so far behind that the generator waited for free connections (null for a sweep)
 */
record ScenarioResult(
        String name,
        String description,
        Schedule schedule,
        long sent,
        long accepted,
        double acceptedPerSecond,
        Map<Integer, Long> statuses,
        long noAnswer,
        int redelivered,
        Histogram webhookLatency,
        Histogram summaryLatency,
        Duration totalsSettledAfter,
        long receiptsOwed,
        long receiptsPendingAtEnd,
        Duration receiptsDrainedAfter,
        double receiptRate,
        Map<String, String> checks,
        Map<String, Double> cpuSeconds,
        Map<String, Long> residentMib,
        Duration wallClock,
        List<Timeline.Row> rows,
        List<double[]> probePoints,
        SweepResult sweep,
        CpuCost cpuCost,
        Duration loadTook) {

    boolean passed() {
        return checks.values().stream().allMatch(v -> v.startsWith("OK"));
    }
}
