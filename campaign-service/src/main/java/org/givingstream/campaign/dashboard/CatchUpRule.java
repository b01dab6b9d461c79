package org.givingstream.campaign.dashboard;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides from successive lag readings whether the totals are catching up: more than {@code maxRecords} behind, or
 * still missing records that were on the topic {@code maxDelay} ago. A steady stream that is applied within the
 * delay has a small lag at every reading but is never called behind; a consumer stuck on one record is, after the
 * delay. Not thread-safe: one monitor feeds it.
 */
final class CatchUpRule {

    private final long maxRecords;
    private final Duration maxDelay;
    private final Deque<LagReading> history = new ArrayDeque<>();

    CatchUpRule(long maxRecords, Duration maxDelay) {
        this.maxRecords = maxRecords;
        this.maxDelay = maxDelay;
    }

    CatchUpStatus next(LagReading reading) {
        history.addLast(reading);
        var cutoff = reading.at().minus(maxDelay);
        // keep the newest reading taken at least maxDelay ago, and everything after it
        while (history.size() > 1
                && !history.stream().skip(1).findFirst().orElseThrow().at().isAfter(cutoff)) {
            history.removeFirst();
        }
        LagReading old = history.getFirst();
        boolean delayed = !old.at().isAfter(cutoff) && reading.stillBehind(old);
        long lag = reading.records();
        return new CatchUpStatus(lag, lag > maxRecords || delayed);
    }
}
