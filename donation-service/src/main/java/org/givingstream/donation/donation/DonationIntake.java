package org.givingstream.donation.donation;

import java.time.Clock;
import org.givingstream.donation.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Stores a donation once and queues its event.
 *
 * <p>Effectively-once: the donation's {@code _id} is its payment key, so a retried webhook, or a second provider
 * event for the same payment, hits the unique {@code _id} and is recognised as a duplicate. The insert is
 * acknowledged by MongoDB before the caller answers the provider, so a 2xx means the donation is durable.
 */
@Service
public class DonationIntake {

    private static final Logger log = LoggerFactory.getLogger(DonationIntake.class);

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final Clock clock;

    DonationIntake(MongoTemplate mongo, OutboxRelay relay, Clock clock) {
        this.mongo = mongo;
        this.relay = relay;
        this.clock = clock;
    }

    public Outcome accept(IncomingDonation incoming) {
        Donation donation = Donation.received(incoming, DonationEvents.received(incoming), clock.instant());
        try {
            mongo.insert(donation);
        } catch (DuplicateKeyException duplicate) {
            log.info("Donation {} already stored; provider event {} is a duplicate",
                    incoming.donationId(), incoming.providerEventId());
            return Outcome.DUPLICATE;
        }
        log.info("Donation {} stored for campaign {}", incoming.donationId(), incoming.campaignId());
        relay.wakeUp();
        return Outcome.STORED;
    }

    public enum Outcome {
        STORED,
        DUPLICATE
    }
}
