package org.givingstream.notification.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.receipt.Notification.Status;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Update;

/** One donation, one receipt: redelivered events, crashes mid-send and cash donations. */
class ReceiptIsSentOnceTest extends NotificationServiceTest {

    @Test
    void theSameEventDeliveredTwiceSendsOneEmail() {
        String campaign = unique("campaign-dup-");
        DonationEvent event = donation(unique("stripe:pi_"), campaign, Money.of(2500, "GBP"), donor("Ann Twice"), false, null);
        double alreadySentBefore = counter("notifications.skipped", "reason", "already-sent");

        publish(event);
        awaitOneMessageTo(event.donor().email());
        publish(event); // the outbox relays at least once: same event id, same donation
        DonationEvent marker = simpleDonation(campaign); // same key, same partition: handled after the duplicate
        publish(marker);
        awaitOneMessageTo(marker.donor().email());

        assertThat(messagesTo(event.donor().email())).hasSize(1);
        assertThat(counter("notifications.skipped", "reason", "already-sent")).isEqualTo(alreadySentBefore + 1);
        Notification notification = mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
        assertThat(notification.status()).isEqualTo(Status.SENT);
        assertThat(notification.sentAt()).isNotNull();
        assertThat(notification.attempts()).isZero();
    }

    @Test
    void messageIdIsDerivedFromTheReceiptNumberAndAResendAfterACrashKeepsIt() throws Exception {
        String expectedMessageId = "<receipt.GS-0353-055C-CC7D-66E6@giving-stream.local>"; // SHA-256 of the id
        DonationEvent event = donation(
                "stripe:pi_message_id_is_stable", unique("campaign-"), Money.of(700, "GBP"), donor("Max Crash"), false, null);

        publish(event);
        MimeMessage first = awaitOneMessageTo(event.donor().email());
        assertThat(first.getHeader("Message-ID")).containsExactly(expectedMessageId);
        assertThat(first.getSubject()).endsWith("GS-0353-055C-CC7D-66E6");

        crashAfterSendingBeforeMarking(event);

        MimeMessage[] both = await().atMost(EVENTUALLY)
                .until(() -> messagesTo(event.donor().email()), list -> list.size() == 2)
                .toArray(MimeMessage[]::new);
        assertThat(Arrays.stream(both).map(this::messageId)).containsExactly(expectedMessageId, expectedMessageId);
        assertThat(part(both[1], "text/plain")).contains("GS-0353-055C-CC7D-66E6");
        await().atMost(EVENTUALLY).until(() -> statusOf(event), Status.SENT::equals);
    }

    @Test
    void aDonationWithoutEmailSendsNothingAndIsCounted() {
        String campaign = unique("campaign-cash-");
        DonationEvent cash = donation(
                unique("offline:"), campaign, Money.of(500, "GBP"), new Donor("Cake Sale", null, false), false, null);
        String cashReceipt = ReceiptNumber.forDonation(cash.donationId()).value();
        double noEmailBefore = counter("notifications.skipped", "reason", "no-email");

        publish(cash);
        DonationEvent marker = simpleDonation(campaign);
        publish(marker);
        awaitOneMessageTo(marker.donor().email());

        assertThat(counter("notifications.skipped", "reason", "no-email")).isEqualTo(noEmailBefore + 1);
        assertThat(mongo.findById(Notification.receiptId(cash.donationId()), Notification.class)).isNull();
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).map(this::subject))
                .noneMatch(subject -> subject.contains(cashReceipt));
    }

    /** What a crash between the SMTP send and the SENT mark leaves behind, once its attempt lease has run out. */
    private void crashAfterSendingBeforeMarking(DonationEvent event) {
        mongo.updateFirst(
                query(where("_id").is(Notification.receiptId(event.donationId()))),
                new Update()
                        .set(Notification.STATUS, Status.PENDING)
                        .unset(Notification.SENT_AT)
                        .set(Notification.NEXT_ATTEMPT_AT, Instant.now().minusSeconds(1)),
                Notification.class);
    }

    private Status statusOf(DonationEvent event) {
        return mongo.findById(Notification.receiptId(event.donationId()), Notification.class).status();
    }

    private String messageId(MimeMessage message) {
        try {
            return message.getHeader("Message-ID")[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
