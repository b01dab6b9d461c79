package org.givingstream.donation.donation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.UUID;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.donation.DonationLedger.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The ledger itself, on the real MongoDB wire-protocol server. */
class DonationLedgerTest extends DonationServiceTestSupport {

    @Autowired
    DonationLedger ledger;

    @Test
    void aWaitingRefundThatContradictsItsPaymentNeverStopsThePaymentFromBeingCounted() {
        String id = "stripe:pi_" + UUID.randomUUID();
        var refundInEuros = new IncomingReversal(
                id, "re_1", ReversalKind.REFUND, Money.of(500, "EUR"), "evt_re", Instant.now());

        assertThat(ledger.recordReversal(refundInEuros)).isEqualTo(Outcome.PARKED);
        assertThat(ledger.recordPayment(payment(id, 2500, "GBP"))).isEqualTo(Outcome.STORED);

        Donation donation = mongo.findById(id, Donation.class);
        assertThat(donation.payment().amount()).isEqualTo(Money.of(2500, "GBP"));
        assertThat(donation.reversedMinorUnits()).isZero();
        assertThat(donation.reversals()).singleElement().extracting(Donation.Reversal::appliedMinorUnits)
                .isEqualTo(0L);
    }

    @Test
    void aRefundInAnotherCurrencyThanAKnownPaymentIsRefused() {
        String id = "stripe:pi_" + UUID.randomUUID();
        ledger.recordPayment(payment(id, 2500, "GBP"));

        assertThatIllegalArgumentException().isThrownBy(() -> ledger.recordReversal(new IncomingReversal(
                id, "re_2", ReversalKind.REFUND, Money.of(500, "EUR"), "evt_re", Instant.now())));
        assertThat(mongo.findById(id, Donation.class).reversals()).isEmpty();
    }

    private static IncomingDonation payment(String id, long amount, String currency) {
        return new IncomingDonation(id, "james-wish", Money.of(amount, currency), false,
                new Donor("Ada", null, false), null, "stripe", id.substring("stripe:".length()), "evt_" + id,
                Instant.now());
    }
}
