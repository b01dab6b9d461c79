package org.givingstream.donation.donation;

import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One payment, stored once under its payment key, together with the event to publish about it.
 *
 * <p>The event travels inside the donation document (a transactional outbox without transactions): storing the
 * donation and queueing its event is one single-document insert, so neither can exist without the other.
 * {@code publishedAt} stays null until the relay has Kafka's acknowledgement.
 */
@Document("donations")
@CompoundIndex(name = "outbox_pending", def = "{'published': 1, 'receivedAt': 1}")
public record Donation(
        @Id String id,
        String providerEventId,
        Instant receivedAt,
        DonationEvent event,
        boolean published,
        Instant publishedAt,
        int publishAttempts) {

    static Donation received(IncomingDonation incoming, DonationEvent event, Instant now) {
        return new Donation(incoming.donationId(), incoming.providerEventId(), now, event, false, null, 0);
    }
}
