package org.givingstream.notification.claim;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;

/** A record we cannot read goes to our DLQ, and the events behind it on the partition are still handled. */
class UnreadableEventsAreParkedOnTheDlqTest extends NotificationServiceTest {

    @Test
    void malformedJsonIsParkedAndTheNextEventIsStillHandled() {
        String campaign = unique("campaign-dlq-");
        String garbage = "{\"eventId\": \"" + unique("broken-") + "\", \"amount\": ";

        publishRaw(campaign, garbage.getBytes(StandardCharsets.UTF_8));
        DonationEvent next = simpleDonation(campaign);
        publish(next);

        awaitOneMessageTo(next.donor().email());
        await().atMost(EVENTUALLY).until(() -> dlqRecords().contains(garbage));
    }
}
