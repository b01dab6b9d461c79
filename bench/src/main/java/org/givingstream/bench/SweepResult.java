package org.givingstream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What the rate sweep measured: one {@link Step} per offered rate, then the confirmation runs, and the answer.
 *
 * @param steps in the order run (ascending rate)
 * @param confirmations the highest passing rate held for {@link Options#sweepConfirm()}; if it did not hold, the
 *     next passing rate below it
 * @param name the scenario: {@code sweep} (the stack), {@code baseline-sweep}, {@code floor-sweep}, ...
 * @param catchesUp the target works on after answering (the stack), so steps wait for it to catch up
 * @param stoppedBecause why the sweep ended before its last rate, or null
 */
record SweepResult(
        String name,
        String targetDescription,
        boolean catchesUp,
        List<Step> steps,
        List<Step> confirmations,
        Duration target,
        Duration stepLength,
        String stoppedBecause) {

    /** A step passes only if its intake kept up with the offered rate; 2 % slack for the step's edges. */
    static final double ACCEPTED_SHARE = 0.98;

    /** The highest rate that passed its step and then held through its confirmation: the sustained rate. */
    Optional<Step> sustained() {
        return confirmations.stream().filter(Step::passed).findFirst();
    }

    Optional<Step> highestPassingStep() {
        return steps.stream().filter(Step::passed).max(Comparator.comparingInt(Step::offered));
    }

    /**
     * One fixed-rate, open-loop period (no ramp) that started with the platform caught up.
     *
     * @param offered webhooks per second on the schedule
     * @param handledPerSecond webhooks answered as expected (2xx, the mix's forged ones 400) per second, from the
     *     first due time to the last answer
     * @param refused first deliveries not answered as expected (no answer, 5xx, 422, ...), re-delivered after it
     * @param latency webhook latency from each due time (corrected for coordinated omission), microseconds
     * @param atEnd what was waiting downstream right after the last answer
     * @param countedAfter from the end of the load until the outbox was empty and campaign-service had consumed every
     *     event (the totals are current); null: not within the catch-up timeout
     * @param caughtUpAfter until, besides, notification-service had consumed every event and every receipt of the
     *     sweep was sent; null: not within the catch-up timeout
     * @param failures why it did not pass; empty when it passed
     * @param cpu CPU per JVM over the step and its catch-up, idle cost taken off
     */
    record Step(
            int offered,
            Duration length,
            long sent,
            double handledPerSecond,
            long refused,
            Map<Integer, Long> statuses,
            long noAnswer,
            Histogram latency,
            Backlog atEnd,
            Duration countedAfter,
            Duration caughtUpAfter,
            List<String> failures,
            CpuCost cpu) {

        boolean passed() {
            return failures.isEmpty();
        }

        /** The pass rule: p99 under the target, the intake kept up, and nothing refused but the forgeries. */
        static List<String> failures(
                int offered, double handledPerSecond, long refused, Histogram latency, Duration target) {
            List<String> failures = new ArrayList<>();
            long p99Micros = latency.getValueAtPercentile(99);
            if (p99Micros >= target.toNanos() / 1000) {
                failures.add("p99 %s ≥ %d ms".formatted(Report.ms(latency, 99), target.toMillis()));
            }
            if (handledPerSecond < ACCEPTED_SHARE * offered) {
                failures.add("took %.0f %% of the offered rate".formatted(100 * handledPerSecond / offered));
            }
            if (refused > 0) {
                failures.add(refused + " refused or unanswered");
            }
            return failures;
        }
    }

    /**
     * Waiting downstream at one moment; -1 where the gauge did not answer.
     *
     * @param receipts receipts of the sweep claimed but not yet sent
     */
    record Backlog(long outbox, long campaignLag, long notificationLag, long receipts) {

        /** A target that does everything before it answers leaves nothing waiting. */
        static final Backlog NONE = new Backlog(0, 0, 0, 0);

        boolean empty() {
            return outbox == 0 && campaignLag == 0 && notificationLag == 0 && receipts == 0;
        }

        boolean counted() {
            return outbox == 0 && campaignLag == 0;
        }
    }
}
