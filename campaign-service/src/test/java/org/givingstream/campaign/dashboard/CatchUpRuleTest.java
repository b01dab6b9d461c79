package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catching-up rule on readings as the monitor takes them: one per partition map, every two seconds. */
class CatchUpRuleTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private final CatchUpRule rule = new CatchUpRule(50, Duration.ofSeconds(5));

    @Test
    void aLongQueueIsCatchingUpAtOnce() {
        CatchUpStatus status = rule.next(reading(0, 100, 40));

        assertThat(status).isEqualTo(new CatchUpStatus(60L, true));
    }

    @Test
    void aSmallLagThatKeepsMovingIsNotCatchingUp() {
        // records arrive all the time, each applied within two seconds: a lag at every reading, never the same one
        for (int second = 0; second <= 20; second += 2) {
            CatchUpStatus status = rule.next(reading(second, 10L * second + 3, 10L * second));
            assertThat(status).as("at %d s", second).isEqualTo(new CatchUpStatus(3L, false));
        }
    }

    @Test
    void aSmallLagThatStaysLongerThanTheDelayIsCatchingUp() {
        assertThat(rule.next(reading(0, 13, 10)).catchingUp()).isFalse();
        assertThat(rule.next(reading(2, 14, 11)).catchingUp()).isFalse();
        assertThat(rule.next(reading(4, 14, 12)).catchingUp()).isFalse();
        // record 12 was on the topic at 0 s and is still not applied 6 s later
        assertThat(rule.next(reading(6, 15, 12))).isEqualTo(new CatchUpStatus(3L, true));
        // once everything seen 5 s ago is applied, it is caught up again although new records wait
        assertThat(rule.next(reading(8, 16, 14))).isEqualTo(new CatchUpStatus(2L, false));
    }

    @Test
    void lagIsSummedOverPartitionsAndAPartitionAheadCountsAsNone() {
        var reading = new LagReading(T0, Map.of(0, 10L, 1, 20L, 2, 5L), Map.of(0, 4L, 1, 20L, 2, 7L));

        assertThat(reading.records()).isEqualTo(6);
    }

    private static LagReading reading(int second, long end, long committed) {
        return new LagReading(T0.plusSeconds(second), Map.of(0, end), Map.of(0, committed));
    }
}
