package org.givingstream.campaign.milestone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13, point 3: {@code raised * 100 >= target * threshold} overflowed for large totals and targets. */
class MilestoneArithmeticTest {

    @ParameterizedTest
    @CsvSource({
        "2500, 5000, 50, true",
        "2499, 5000, 50, false",
        "5000, 5000, 100, true",
        "0, 5000, 25, false",
        "-100, 5000, 25, false", // refunds ahead of their payments
        "9223372036854775807, 9223372036854775807, 100, true", // raised * 100 wraps negative in a long
        "4611686018427387903, 9223372036854775807, 50, false", // just under half of the largest target
        "4611686018427387904, 9223372036854775807, 50, true", // just over it
        "100000000000000000, 1000, 25, true", // target * threshold is small, raised * 100 wraps
        "200000000000000000, 800000000000000001, 25, false" // a hair short of a quarter; both products wrap
    })
    void aThresholdIsReachedExactly(long raised, long target, int threshold, boolean reached) {
        assertThat(Milestones.reached(raised, target, threshold)).isEqualTo(reached);
    }
}
