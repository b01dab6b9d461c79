package org.givingstream.donation.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.DonationServiceTestSupport;
import org.junit.jupiter.api.Test;

/**
 * The outbox relay's sweep: a donation stored with pending events that no ledger call named to this instance (the
 * instance that wrote it died before relaying it) still reaches Kafka, once.
 */
class PendingDonationsAreSweptTest extends DonationServiceTestSupport {

    @Test
    void aPendingDonationNobodyNamedIsPublishedByTheSweep() {
        String id = "stripe:pi_orphan_" + UUID.randomUUID();
        var payment = new IncomingDonation(
                id,
                "james-wish",
                Money.of(1234, "GBP"),
                false,
                new Donor("Ada", null, false),
                null,
                "stripe",
                id.substring("stripe:".length()),
                "evt_" + id,
                Instant.now());
        // written as the ledger writes it, but behind this instance's back: no hint reaches its relay
        mongo.insert(Donation.firstPayment(payment, Instant.now()));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> mongo.findById(id, Donation.class).published());
        assertThat(eventsFor(id, 2, Duration.ofSeconds(5)))
                .singleElement()
                .satisfies(record -> assertThat(record.value()).contains("\"minorUnits\":1234"));
    }
}
