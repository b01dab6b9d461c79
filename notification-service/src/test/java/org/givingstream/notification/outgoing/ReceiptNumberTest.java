package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptNumberTest {

    @Test
    void isTheFirst64BitsOfSha256OfTheDonationIdInGroupsOfFour() {
        // printf %s 'stripe:pi_123' | sha256sum  ->  2c53fb42cf90dc85...
        ReceiptNumber number = ReceiptNumber.forDonation("stripe:pi_123");

        assertThat(number.value()).isEqualTo("GS-2C53-FB42-CF90-DC85");
        assertThat(number.messageId()).isEqualTo("<receipt.GS-2C53-FB42-CF90-DC85@giving-stream.local>");
    }

    @Test
    void isStableForOneDonationAndDiffersBetweenDonations() {
        assertThat(ReceiptNumber.forDonation("stripe:pi_1")).isEqualTo(ReceiptNumber.forDonation("stripe:pi_1"));
        assertThat(ReceiptNumber.forDonation("stripe:pi_1")).isNotEqualTo(ReceiptNumber.forDonation("stripe:pi_2"));
    }
}
