package org.givingstream.campaign.dashboard;

import java.time.Instant;
import java.util.Map;

/**
 * One look at a consumer group on a topic: per partition, the end offset (the next record to be written) and the
 * group's committed offset (the next record it will apply).
 */
record LagReading(Instant at, Map<Integer, Long> endOffsets, Map<Integer, Long> committedOffsets) {

    LagReading {
        endOffsets = Map.copyOf(endOffsets);
        committedOffsets = Map.copyOf(committedOffsets);
    }

    /** Records written but not yet applied, summed over the partitions. */
    long records() {
        return endOffsets.keySet().stream().mapToLong(this::behind).sum();
    }

    /** True while the group has not yet committed past everything an earlier reading saw on the topic. */
    boolean stillBehind(LagReading earlier) {
        return earlier.endOffsets.entrySet().stream().anyMatch(end -> committed(end.getKey()) < end.getValue());
    }

    private long behind(int partition) {
        return Math.max(0, endOffsets.get(partition) - committed(partition));
    }

    private long committed(int partition) {
        return committedOffsets.getOrDefault(partition, 0L);
    }
}
