package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.junit.jupiter.api.Test;

/**
 * A burst larger than one drain round (retry-batch-size, 50): taken in bulk rounds and marked SENT in bulk, every
 * receipt ends SENT and each donor gets exactly one mail.
 */
class ABurstIsSentOnceEachTest extends NotificationServiceTest {

    private static final int BURST = 70;

    @Test
    void everyReceiptOfABurstIsSentOnceAndMarkedSent() {
        String campaign = unique("campaign-burst-");
        List<DonationEvent> burst = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            burst.add(simpleDonation(campaign));
        }
        double sentBefore = counter("notifications.sent", "kind", "receipt");

        publishTogether(campaign, burst.stream().map(json::writeValueAsBytes).toList());

        await().atMost(Duration.ofSeconds(60)).until(() -> burst.stream().allMatch(e -> status(e) == Status.SENT));
        // a second look after a while: no mail goes out twice (no round took one another round still held)
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> burst.stream()
                        .allMatch(e -> messagesTo(e.donor().email()).size() == 1));
        assertThat(counter("notifications.sent", "kind", "receipt")).isEqualTo(sentBefore + BURST);
        assertThat(burst).allSatisfy(e -> {
            Notification n = mongo.findById(Notification.receiptId(e.donationId()), Notification.class);
            assertThat(n.sentAt()).isNotNull();
            assertThat(n.attempts()).isZero();
        });
    }

    private Status status(DonationEvent event) {
        Notification n = mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
        return n == null ? null : n.status();
    }
}
