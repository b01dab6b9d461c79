package org.givingstream.campaign.totals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;
import org.givingstream.campaign.milestone.Milestones;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * The {@code applyDonation} function, bound to {@code giving.donations.v1} (see application.yml): counts each
 * {@code donation.received} towards its campaign, once. A record for an unknown campaign, or one that is not a
 * readable event, throws without retry, and the binder dead-letters it to {@code giving.donations.v1.dlq}: the
 * partition is not blocked.
 */
@Component("applyDonation")
class ApplyDonation implements Consumer<Message<DonationEvent>> {

    private static final Logger log = LoggerFactory.getLogger(ApplyDonation.class);

    private final TotalsUpdater totals;
    private final Milestones milestones;
    private final MeterRegistry meters;
    private final Counter applied;
    private final Counter duplicates;

    ApplyDonation(TotalsUpdater totals, Milestones milestones, MeterRegistry meters) {
        this.totals = totals;
        this.milestones = milestones;
        this.meters = meters;
        this.applied = Counter.builder("campaign.events.applied")
                .description("Donation events added to a campaign's totals")
                .register(meters);
        this.duplicates = Counter.builder("campaign.events.duplicates")
                .description("Redelivered or republished donation events recognised and not counted again")
                .register(meters);
    }

    @Override
    public void accept(Message<DonationEvent> message) {
        int partition = header(message, KafkaHeaders.RECEIVED_PARTITION, Integer.class);
        long offset = header(message, KafkaHeaders.OFFSET, Long.class);
        // when the JSON cannot be converted, the function still gets called, with the raw bytes as payload
        if (!(((Message<?>) message).getPayload() instanceof DonationEvent event)) {
            throw new UnreadableEventException(partition, offset);
        }
        try (var ignored = MDC.putCloseable("donationId", event.donationId())) {
            if (!TotalsUpdater.APPLIES_TO.contains(event.type())) {
                meters.counter("campaign.events.skipped", "type", event.type()).increment();
                log.info("Skipped event {} of type {}: it does not change totals", event.eventId(), event.type());
                return;
            }
            switch (totals.apply(event, partition, offset)) {
                case APPLIED -> {
                    applied.increment();
                    log.info("{} of {} {} counted for campaign {}", event.type(),
                            event.amount().minorUnits(), event.amount().currency(), event.campaignId());
                }
                case DUPLICATE -> {
                    duplicates.increment();
                    log.debug("Event {} at {}-{} already counted for campaign {}",
                            event.eventId(), partition, offset, event.campaignId());
                }
            }
            // also after a duplicate: a crash between the total's update and the milestone's is repaired here;
            // only money coming in can reach a threshold, so refunds cost no extra read
            if (DonationEventTypes.RECEIVED.equals(event.type())) {
                milestones.recordReached(event.campaignId());
            }
        }
    }

    private static <T> T header(Message<?> message, String name, Class<T> type) {
        T value = message.getHeaders().get(name, type);
        if (value == null) {
            throw new IllegalStateException("Header " + name + " missing: the totals need the Kafka position");
        }
        return value;
    }
}
