package org.givingstream.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;

/** What a donor reads: a receipt published on Kafka, as it arrives at the SMTP server. */
class ReceiptEmailContentTest extends NotificationServiceTest {

    private static final String NO_GOODS = "No goods or services were provided in return for this donation.";
    private static final String RECEIPT_NUMBER = "GS-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}";

    @Test
    void gbpReceiptWithGiftAidAndMessageHasBothPartsAndEverythingADonorNeeds() throws Exception {
        String campaignId = unique("campaign-river-cleanup-");
        announceAndAwait(campaign(campaignId, 1, "River Clean-up", "Friends of the Otter", "otters@example.org"));
        Donor donor = donor("Ada Lovelace");
        DonationEvent event = new DonationEvent(
                "evt-content-gbp",
                DonationEventTypes.RECEIVED,
                DonationEvent.SCHEMA_VERSION,
                Instant.parse("2026-03-31T23:30:00Z"), // already 1 April in London (BST)
                unique("stripe:pi_"),
                campaignId,
                Money.of(2500, "GBP"),
                true,
                donor,
                "For the otters <3 & the herons",
                "stripe",
                "pi_3PqContent");

        publish(event);
        MimeMessage message = awaitOneMessageTo(donor.email());

        assertThat(containsPart(message, "multipart/alternative")).isTrue();
        String plain = part(message, "text/plain");
        String html = part(message, "text/html");
        assertThat(plain).isNotNull();
        assertThat(html).isNotNull();

        String subject = message.getSubject();
        assertThat(subject).matches("Thank you for your donation – receipt " + RECEIPT_NUMBER);
        String receiptNumber = subject.substring(subject.lastIndexOf(' ') + 1);

        assertThat(plain)
                .contains("Thank you, Ada Lovelace")
                .contains(receiptNumber)
                .contains("Your donation to River Clean-up, run by Friends of the Otter, has arrived")
                .contains("Organiser:         Friends of the Otter")
                .doesNotContain(campaignId)
                .contains("£25.00")
                .contains("1 April 2026")
                .contains("pi_3PqContent (stripe)")
                .contains("you declared Gift Aid, so this donation is worth an extra £6.25 to the charity")
                .contains("Your message: \"For the otters <3 & the herons\"")
                .contains(NO_GOODS)
                .doesNotContain("[(", "[#", "th:if");
        assertThat(html)
                .contains("Thank you, Ada Lovelace")
                .contains(receiptNumber)
                .contains("River Clean-up")
                .contains("Friends of the Otter")
                .contains("£25.00")
                .contains("1 April 2026")
                .contains("pi_3PqContent (stripe)")
                .contains("£6.25")
                .contains("For the otters &lt;3 &amp; the herons") // the donor's words are escaped in HTML
                .contains(NO_GOODS)
                .doesNotContain("th:text", "th:if", "${");

        assertThat(message.getFrom())
                .containsExactly(new InternetAddress("receipts@giving-stream.local", "Giving Stream"));
        assertThat(message.getReplyTo()).containsExactly(new InternetAddress("supporters@giving-stream.local"));
    }

    @Test
    void giftAidValueIsAQuarterRoundedDownToWholePence() {
        Donor donor = donor("Grace Hopper");
        publish(donation(unique("stripe:pi_"), "campaign-odd", Money.of(1999, "GBP"), donor, true, null));

        String plain = part(awaitOneMessageTo(donor.email()), "text/plain");

        assertThat(plain).contains("£19.99").contains("worth an extra £4.99 to the charity");
    }

    @Test
    void euroAmountForAnAnonymousDonorWithoutGiftAidOrMessage() {
        Donor anonymous = new Donor("Hidden Name", unique("anon-") + "@example.org", true);
        publish(donation(unique("stripe:pi_"), "campaign-eur", Money.of(1050, "EUR"), anonymous, false, "  "));

        MimeMessage message = awaitOneMessageTo(anonymous.email());
        String plain = part(message, "text/plain");
        String html = part(message, "text/html");

        assertThat(plain).startsWith("Thank you!").contains("€10.50").doesNotContain("Hidden Name");
        // never announced: after the bounded wait the receipt goes out naming the campaign by its id
        assertThat(plain).contains("Campaign:          campaign-eur").doesNotContain("Organiser:");
        assertThat(html).contains("Thank you").doesNotContain("Hidden Name");
        assertThat(plain)
                .doesNotContain("Gift Aid")
                .doesNotContain("Your message")
                .contains(NO_GOODS);
        assertThat(html).doesNotContain("Gift Aid").doesNotContain("Your message");
    }

    @Test
    void usDollarAmountWithThousandsSeparatorAndNoName() {
        Donor nameless = new Donor(null, unique("nameless-") + "@example.org", false);
        publish(donation(unique("paypal:"), "campaign-usd", Money.of(123456, "USD"), nameless, false, null));

        String plain = part(awaitOneMessageTo(nameless.email()), "text/plain");

        assertThat(plain).startsWith("Thank you!").contains("US$1,234.56");
    }
}
