package org.givingstream.donation.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.DonationLedger.Outcome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/** The ledger itself, on the real MongoDB wire-protocol server. */
class DonationLedgerTest extends DonationServiceTestSupport {

    @Autowired
    DonationLedger ledger;

    @Test
    void aWaitingRefundThatContradictsItsPaymentNeverStopsThePaymentFromBeingCounted() {
        String id = "stripe:pi_" + UUID.randomUUID();
        var refundInEuros =
                new IncomingReversal(id, "re_1", ReversalKind.REFUND, Money.of(500, "EUR"), "evt_re", Instant.now());

        assertThat(ledger.recordReversal(refundInEuros)).isEqualTo(Outcome.PARKED);
        assertThat(ledger.recordPayment(payment(id, 2500, "GBP"))).isEqualTo(Outcome.STORED);

        Donation donation = mongo.findById(id, Donation.class);
        assertThat(donation.payment().amount()).isEqualTo(Money.of(2500, "GBP"));
        assertThat(donation.reversedMinorUnits()).isZero();
        assertThat(donation.reversals())
                .singleElement()
                .extracting(Donation.Reversal::appliedMinorUnits)
                .isEqualTo(0L);
    }

    @Test
    void aRefundInAnotherCurrencyThanAKnownPaymentIsRefused() {
        String id = "stripe:pi_" + UUID.randomUUID();
        ledger.recordPayment(payment(id, 2500, "GBP"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ledger.recordReversal(new IncomingReversal(
                        id, "re_2", ReversalKind.REFUND, Money.of(500, "EUR"), "evt_re", Instant.now())));
        assertThat(mongo.findById(id, Donation.class).reversals()).isEmpty();
    }

    @Test
    void aBatchAppliesEachPaymentOnceAndEveryEntryOfAPaymentInLogOrder() {
        String fresh = "stripe:pi_" + UUID.randomUUID();
        String storedEarlier = "stripe:pi_" + UUID.randomUUID();
        String refundFirst = "stripe:pi_" + UUID.randomUUID();
        String parkedEarlier = "stripe:pi_" + UUID.randomUUID();
        ledger.recordPayment(payment(storedEarlier, 1000, "GBP"));
        ledger.recordReversal(refund(parkedEarlier, "re_p", 300));

        var result = ledger.recordAll(List.of(
                logged(payment(fresh, 2500, "GBP")),
                logged(payment(fresh, 2500, "GBP")), // the payment intent of the same checkout
                logged(refund(fresh, "re_f", 500)),
                logged(payment(storedEarlier, 1000, "GBP")), // a provider's retry
                logged(refund(refundFirst, "re_r", 700)),
                logged(payment(refundFirst, 700, "GBP")),
                logged(payment(parkedEarlier, 900, "GBP")),
                logged(payment(fresh, 2500, "GBP"))));

        assertThat(result.outcomes())
                .containsExactly(
                        Outcome.STORED,
                        Outcome.DUPLICATE,
                        Outcome.STORED,
                        Outcome.DUPLICATE,
                        Outcome.PARKED,
                        Outcome.STORED,
                        Outcome.STORED,
                        Outcome.DUPLICATE);
        assertThat(result.refused()).isEmpty();
        assertThat(mongo.findById(fresh, Donation.class).reversedMinorUnits()).isEqualTo(500);
        assertThat(mongo.findById(refundFirst, Donation.class).reversedMinorUnits())
                .isEqualTo(700);
        assertThat(mongo.findById(parkedEarlier, Donation.class).reversedMinorUnits())
                .isEqualTo(300);
        assertThat(result.unpublished())
                .extracting(Donation::id)
                .containsExactlyInAnyOrder(fresh, refundFirst, parkedEarlier);
        assertThat(result.unpublished())
                .filteredOn(d -> d.id().equals(fresh))
                .singleElement()
                .satisfies(d -> assertThat(d.outbox())
                        .extracting(e -> e.type())
                        .containsExactly("donation.received", "donation.refunded"));
    }

    /**
     * Documents stored before the package was renamed (issue 16) carry the old class name in {@code _class}; Spring
     * Data falls back to the type asked for, so they are read, refunded and published as before.
     */
    @Test
    void aDonationStoredUnderTheOldPackageNameIsStillReadAndRefunded() {
        String id = "stripe:pi_" + UUID.randomUUID();
        ledger.recordPayment(payment(id, 2500, "GBP"));
        mongo.updateFirst(
                Query.query(Criteria.where("_id").is(id)),
                Update.update("_class", "org.givingstream.donation.donation.Donation"),
                Donation.class);

        assertThat(ledger.recordReversal(refund(id, "re_old", 1000))).isEqualTo(Outcome.STORED);

        Donation donation = mongo.findById(id, Donation.class);
        assertThat(donation.payment().amount()).isEqualTo(Money.of(2500, "GBP"));
        assertThat(donation.reversedMinorUnits()).isEqualTo(1000);
    }

    private static DonationLedger.Logged logged(LedgerEntry entry) {
        return new DonationLedger.Logged(entry, null, false);
    }

    private static IncomingReversal refund(String id, String refundId, long amount) {
        return new IncomingReversal(
                id, refundId, ReversalKind.REFUND, Money.of(amount, "GBP"), "evt_" + refundId, Instant.now());
    }

    private static IncomingDonation payment(String id, long amount, String currency) {
        return new IncomingDonation(
                id,
                "james-wish",
                Money.of(amount, currency),
                false,
                new Donor("Ada", null, false),
                null,
                "stripe",
                id.substring("stripe:".length()),
                "evt_" + id,
                Instant.now());
    }
}
