package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.junit.jupiter.api.Test;

/** A burst leaves at the provider's rate (10 mails/s in the tests), as a steady drain, not all at once. */
class RateLimitIsRespectedTest extends NotificationServiceTest {

    @Test
    void thirtyReceiptsAtTenPerSecondAreSpreadOverAtLeastTwoAndAHalfSeconds() {
        String campaign = unique("campaign-rate-");
        announceAndAwait(campaign(campaign, 1, "Rate test", "Rita", "rita@example.org"));
        List<DonationEvent> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            DonationEvent event = simpleDonation(campaign);
            burst.add(event);
            publish(event);
        }

        await().atMost(EVENTUALLY).until(() -> burst.stream().allMatch(e -> status(e) == Status.SENT));

        List<Instant> sent = burst.stream()
                .map(e -> mongo.findById(Notification.receiptId(e.donationId()), Notification.class)
                        .sentAt())
                .sorted()
                .toList();
        // 30 permits, one every 100 ms: 2.9 s from the first to the last in theory
        assertThat(Duration.between(sent.getFirst(), sent.getLast())).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        // and steadily: any 11 consecutive sends span about 1 s (less SMTP latency jitter), never a burst
        for (int i = 0; i + 10 < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i), sent.get(i + 10))).isGreaterThan(Duration.ofMillis(600));
        }
        burst.forEach(e -> assertThat(messagesTo(e.donor().email())).hasSize(1));
    }

    private Status status(DonationEvent event) {
        Notification n = mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
        return n == null ? null : n.status();
    }
}
