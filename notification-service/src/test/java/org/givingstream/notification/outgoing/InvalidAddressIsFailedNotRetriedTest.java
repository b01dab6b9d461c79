package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.junit.jupiter.api.Test;

/**
 * An address no server could deliver to is a permanent failure: recorded as FAILED with its reason, never retried,
 * and it neither opens the circuit breaker nor holds up the receipts behind it.
 */
class InvalidAddressIsFailedNotRetriedTest extends NotificationServiceTest {

    @Test
    void anInvalidAddressIsRecordedAsFailedOnceAndTheNextReceiptStillGoes() {
        String campaign = unique("campaign-bad-address-");
        double refusedBefore = counter("notifications.failed", "reason", "refused");
        double transientBefore = counter("notifications.failed.attempts");
        DonationEvent broken = donation(
                unique("stripe:pi_"),
                campaign,
                Money.of(1500, "GBP"),
                new Donor("Ann", "ann@@example.org", false),
                false,
                null);
        DonationEvent noDomain = donation(
                unique("stripe:pi_"),
                campaign,
                Money.of(1500, "GBP"),
                new Donor("Bo", "bo.example.org", false),
                false,
                null);

        publish(broken);
        publish(noDomain);
        DonationEvent next = simpleDonation(campaign);
        publish(next);

        awaitOneMessageTo(next.donor().email());
        Notification failed = await().atMost(EVENTUALLY).until(() -> find(broken), n -> n.status() == Status.FAILED);
        await().atMost(EVENTUALLY).until(() -> find(noDomain), n -> n.status() == Status.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.failedAt()).isNotNull();
        assertThat(failed.lastError()).contains("AddressException").doesNotContain("ann@@example.org");
        assertThat(counter("notifications.failed", "reason", "refused")).isEqualTo(refusedBefore + 2);
        // several retry delays later: still one attempt, nothing counted as a transient failure
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> find(broken).attempts() == 1 && find(broken).status() == Status.FAILED);
        assertThat(counter("notifications.failed.attempts")).isEqualTo(transientBefore);
        assertThat(gauge("notifications.smtp.circuit.open")).isZero();
    }

    private Notification find(DonationEvent event) {
        return mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
    }
}
