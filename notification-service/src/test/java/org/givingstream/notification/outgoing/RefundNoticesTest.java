package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;

/** A refund gets the donor one notice, threaded under the receipt; a chargeback gets them no email from us. */
class RefundNoticesTest extends NotificationServiceTest {

    @Test
    void aRefundSendsOneNoticeWithTheReceiptNumberEvenWhenRedelivered() throws Exception {
        String campaign = unique("campaign-refund-");
        announceAndAwait(campaign(campaign, 1, "Library Roof", "Roof Friends", "roof@example.org"));
        DonationEvent payment =
                donation(unique("stripe:pi_"), campaign, Money.of(5000, "GBP"), donor("Ray Fund"), true, null);
        DonationEvent refund = reversal(payment, DonationEventTypes.REFUNDED, "re_" + unique(""), 2000);

        publish(payment);
        MimeMessage receipt = awaitOneMessageTo(payment.donor().email());
        publish(refund);
        publish(refund); // the outbox relays at least once
        MimeMessage notice = await().atMost(EVENTUALLY)
                .until(() -> messagesTo(payment.donor().email()), list -> list.size() == 2)
                .get(1);

        String receiptNumber = ReceiptNumber.forDonation(payment.donationId()).value();
        assertThat(notice.getSubject()).isEqualTo("Your donation was refunded – receipt " + receiptNumber);
        assertThat(notice.getHeader("In-Reply-To")).containsExactly(receipt.getHeader("Message-ID")[0]);
        assertThat(notice.getHeader("Message-ID")[0]).isNotEqualTo(receipt.getHeader("Message-ID")[0]);
        String plain = part(notice, "text/plain");
        assertThat(plain)
                .contains("Your donation to Library Roof has been refunded: £20.00 is on its way back")
                .contains(receiptNumber)
                .contains(refund.providerReference() + " (stripe)")
                .contains("will not claim Gift Aid on the refunded amount");
        assertThat(part(notice, "text/html")).contains("£20.00").contains(receiptNumber);
        // the duplicate refund event sent nothing more
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> messagesTo(payment.donor().email()).size() == 2);
    }

    @Test
    void aChargebackSendsTheDonorNothing() {
        String campaign = unique("campaign-chargeback-");
        DonationEvent payment = simpleDonation(campaign);
        double chargebacksBefore = counter("notifications.skipped", "reason", "chargeback");

        publish(payment);
        awaitOneMessageTo(payment.donor().email());
        publish(reversal(payment, DonationEventTypes.CHARGED_BACK, "dp_" + unique(""), 1000));
        DonationEvent marker = simpleDonation(campaign); // same partition, handled after the chargeback
        publish(marker);
        awaitOneMessageTo(marker.donor().email());

        assertThat(counter("notifications.skipped", "reason", "chargeback")).isEqualTo(chargebacksBefore + 1);
        assertThat(messagesTo(payment.donor().email())).hasSize(1);
    }

    private static DonationEvent reversal(DonationEvent payment, String type, String reference, long minorUnits) {
        return new DonationEvent(
                unique("evt-" + type + "-"),
                type,
                DonationEvent.SCHEMA_VERSION,
                Instant.parse("2026-03-20T10:00:00Z"),
                payment.donationId(),
                payment.campaignId(),
                Money.of(minorUnits, payment.amount().currency()),
                payment.giftAid(),
                payment.donor(),
                payment.message(),
                payment.source(),
                reference);
    }
}
