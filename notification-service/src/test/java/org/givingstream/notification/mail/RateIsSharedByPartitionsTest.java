package org.givingstream.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The provider's limit is the deployment's: each instance gets the part its receipts' partitions are of the whole,
 * rounded down, so the instances together never go over it (the replicas fault test measures it on a running stack).
 */
class RateIsSharedByPartitionsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MailGateway gateway = new MailGateway(null, properties(10), meters);

    @Test
    void beforeItsFirstAssignmentAnInstanceSendsNothing() {
        assertThat(gateway.hasShare()).isFalse();
        assertThat(gateway.send(null).kind()).isEqualTo(MailGateway.Outcome.Kind.NOT_TRIED);
    }

    @Test
    void sharesFollowThePartitionsAndNeverAddUpToMoreThanTheLimit() {
        int total = 0;
        for (int[] owned : new int[][] {{2, 3}, {1, 3}}) {
            gateway.share(owned[0], owned[1]);
            total += rate();
        }
        assertThat(total).isLessThanOrEqualTo(10).isEqualTo(6 + 3);

        gateway.share(3, 3);
        assertThat(rate()).isEqualTo(10);
        gateway.share(0, 3);
        assertThat(gateway.hasShare()).isFalse();
        assertThat(rate()).isZero();
    }

    private int rate() {
        return (int) meters.get("notifications.mail.rate").gauge().value();
    }

    private static NotificationMailProperties properties(int ratePerSecond) {
        return new NotificationMailProperties(
                "receipts@giving-stream.local",
                "Giving Stream",
                null,
                ratePerSecond,
                new NotificationMailProperties.Retry(3, Duration.ofMillis(500), 2.0, 0.5),
                new NotificationMailProperties.CircuitBreaker(50, 10, 5, Duration.ofSeconds(30)),
                "http://localhost:8083");
    }
}
