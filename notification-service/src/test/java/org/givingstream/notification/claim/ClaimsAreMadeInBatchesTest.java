package org.givingstream.notification.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.Notification.Status;
import org.junit.jupiter.api.Test;

/**
 * The donations consumer claims a poll's records together (one bulk insert): a batch mixing events already claimed
 * with new ones claims only the new ones, and a poison record in a batch is dead-lettered while the records around
 * it are claimed, each once.
 */
class ClaimsAreMadeInBatchesTest extends NotificationServiceTest {

    @Test
    void aBatchRepeatingClaimedEventsClaimsOnlyTheNewOnesAndSendsEachReceiptOnce() {
        String campaign = unique("campaign-batch-");
        List<DonationEvent> first = donations(campaign, 10);
        double skippedBefore = counter("notifications.skipped", "reason", "already-sent")
                + counter("notifications.skipped", "reason", "already-claimed");
        double claimedBefore = counter("notifications.claimed", "kind", "receipt");

        publishTogether(campaign, first.stream().map(this::bytes).toList());
        await().atMost(EVENTUALLY).until(() -> first.stream().allMatch(e -> status(e) == Status.SENT));
        List<DonationEvent> second = donations(campaign, 10);
        List<DonationEvent> mixed = new ArrayList<>(first); // redelivered, as after a crash before the commit
        mixed.addAll(second);
        publishTogether(campaign, mixed.stream().map(this::bytes).toList());
        await().atMost(EVENTUALLY).until(() -> second.stream().allMatch(e -> status(e) == Status.SENT));

        assertThat(counter("notifications.claimed", "kind", "receipt")).isEqualTo(claimedBefore + 20);
        assertThat(counter("notifications.skipped", "reason", "already-sent")
                        + counter("notifications.skipped", "reason", "already-claimed"))
                .isEqualTo(skippedBefore + 10);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> mixed.stream()
                        .allMatch(e -> messagesTo(e.donor().email()).size() == 1));
        // they did travel together: at least one bulk claim carried more than one notification
        assertThat(meters.find("notifications.claim.batch").summary().max()).isGreaterThan(1);
    }

    @Test
    void aPoisonRecordInABatchIsDeadLetteredOnceWhileTheRecordsAroundItAreClaimed() {
        String campaign = unique("campaign-poison-batch-");
        List<DonationEvent> before = donations(campaign, 5);
        List<DonationEvent> after = donations(campaign, 5);
        String garbage = "{\"eventId\": \"" + unique("poison-") + "\", \"amount\": ";
        List<byte[]> batch = new ArrayList<>(before.stream().map(this::bytes).toList());
        batch.add(garbage.getBytes(StandardCharsets.UTF_8));
        batch.addAll(after.stream().map(this::bytes).toList());

        publishTogether(campaign, batch); // one key: one partition, in this order

        List<DonationEvent> all = new ArrayList<>(before);
        all.addAll(after);
        await().atMost(EVENTUALLY).until(() -> all.stream().allMatch(e -> status(e) == Status.SENT));
        await().atMost(EVENTUALLY).until(() -> dlqRecords().contains(garbage));
        assertThat(dlqRecords().stream().filter(garbage::equals)).hasSize(1);
        assertThat(dlqRecords()).noneMatch(record -> all.stream().anyMatch(e -> record.contains(e.donationId())));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        all.stream().allMatch(e -> messagesTo(e.donor().email()).size() == 1));
    }

    private static List<DonationEvent> donations(String campaign, int count) {
        List<DonationEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(simpleDonation(campaign));
        }
        return events;
    }

    private byte[] bytes(DonationEvent event) {
        return json.writeValueAsBytes(event);
    }

    private Status status(DonationEvent event) {
        Notification n = mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
        return n == null ? null : n.status();
    }
}
