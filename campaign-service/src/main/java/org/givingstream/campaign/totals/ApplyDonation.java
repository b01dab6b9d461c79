package org.givingstream.campaign.totals;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.campaign.kafka.DeadLetters;
import org.givingstream.campaign.kafka.DeadLetters.Original;
import org.givingstream.campaign.milestone.Milestones;
import org.givingstream.campaign.totals.TotalsUpdater.Delivered;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code applyDonation} function, bound in batch mode to {@code giving.donations.v1} (see application.yml): each
 * poll's records come as one list, are grouped by campaign, and each campaign gets ONE guarded update per batch
 * ({@link TotalsUpdater}, which also writes the donors and the history of the whole batch at once), then one
 * milestone check from the totals that update produced (no read).
 *
 * <p>A record that is not a readable event, or names an unknown campaign, is parked on the dead-letter topic by
 * {@link DeadLetters} (synchronously, before the batch's offsets are committed) and the rest of the batch goes on.
 * Any other failure (MongoDB away) fails the whole batch, which the container redelivers after a back-off
 * ({@code TotalsErrorHandling}); everything written before the failure is idempotent, so that is harmless.
 */
@Component("applyDonation")
class ApplyDonation implements Consumer<Message<List<byte[]>>> {

    private static final Logger log = LoggerFactory.getLogger(ApplyDonation.class);

    private final TotalsUpdater totals;
    private final Milestones milestones;
    private final DeadLetters deadLetters;
    private final JsonMapper json;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Counter applied;
    private final Counter duplicates;
    private final Timer eventAge;

    ApplyDonation(
            TotalsUpdater totals,
            Milestones milestones,
            DeadLetters deadLetters,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters) {
        this.totals = totals;
        this.milestones = milestones;
        this.deadLetters = deadLetters;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.applied = Counter.builder("campaign.events.applied")
                .description("Donation events added to a campaign's totals")
                .register(meters);
        this.duplicates = Counter.builder("campaign.events.duplicates")
                .description("Redelivered or republished donation events recognised and not counted again")
                .register(meters);
        this.eventAge = Timer.builder("campaign.event.age")
                .description("From the payment (occurredAt) to its money being in the campaign's totals")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public void accept(Message<List<byte[]>> batch) {
        Map<String, List<Delivered>> byCampaign = new LinkedHashMap<>();
        Map<Delivered, Original> originals = new LinkedHashMap<>();
        for (ConsumerRecord<?, ?> record : records(batch)) {
            Original original = original(record);
            DonationEvent event = read(original);
            if (event == null) {
                deadLetters.park(
                        original, new UnreadableEventException(original.partition(), original.offset()), "unreadable");
            } else if (TotalsUpdater.APPLIES_TO.contains(event.type()) && AmountOutOfRangeException.outOfRange(event)) {
                deadLetters.park(original, new AmountOutOfRangeException(event), "amount-out-of-range");
            } else if (!TotalsUpdater.APPLIES_TO.contains(event.type())) {
                meters.counter("campaign.events.skipped", "type", event.type()).increment();
                log.debug("Skipped event {} of type {}: it does not change totals", event.eventId(), event.type());
            } else {
                Delivered delivered = new Delivered(event, original.partition(), original.offset());
                byCampaign
                        .computeIfAbsent(event.campaignId(), id -> new ArrayList<>())
                        .add(delivered);
                originals.put(delivered, original);
            }
        }
        if (byCampaign.isEmpty()) {
            return;
        }
        TotalsUpdater.BatchOutcome outcome = totals.apply(byCampaign);
        for (String campaignId : outcome.unknownCampaigns()) {
            for (Delivered delivered : byCampaign.get(campaignId)) {
                deadLetters.park(
                        originals.get(delivered),
                        new UnknownCampaignException(
                                campaignId, delivered.event().eventId()),
                        "unknown-campaign");
            }
        }
        outcome.outcomes()
                .forEach((campaignId, counted) -> afterApplied(campaignId, byCampaign.get(campaignId), counted));
    }

    /** Metrics and one log line per campaign and batch (a line per event only at debug), then the milestone check. */
    private void afterApplied(String campaignId, List<Delivered> deliveries, TotalsUpdater.Outcome outcome) {
        applied.increment(outcome.applied().size());
        duplicates.increment(outcome.duplicates());
        List<String> donations = new ArrayList<>(outcome.applied().size());
        for (DonationEvent event : outcome.applied()) {
            eventAge.record(
                    Duration.between(event.occurredAt(), clock.instant()).abs());
            donations.add(event.donationId());
            if (log.isDebugEnabled()) {
                try (var ignored = MDC.putCloseable("donationId", event.donationId())) {
                    log.debug(
                            "{} of {} {} counted for campaign {}",
                            event.type(),
                            event.amount().minorUnits(),
                            event.amount().currency(),
                            campaignId);
                }
            }
        }
        if (!donations.isEmpty()) {
            // the donation ids keep "grep <donationId>" working on this service's log
            log.info(
                    "Campaign {}: {} events counted, {} already counted; donations {}",
                    campaignId,
                    donations.size(),
                    outcome.duplicates(),
                    donations);
        } else {
            log.debug("Campaign {}: all {} events were already counted", campaignId, outcome.duplicates());
        }
        // also when all were duplicates: a crash between the totals' update and the milestone's is repaired here;
        // only money coming in can reach a threshold, so a batch of refunds costs nothing more
        if (deliveries.stream()
                .anyMatch(d -> DonationEventTypes.RECEIVED.equals(d.event().type()))) {
            milestones.recordReached(
                    campaignId, outcome.raisedInOrder(), outcome.target(), outcome.milestonesReached());
        }
    }

    /** null when the value is not a complete donation event (broken JSON, required fields missing, bad currency). */
    private DonationEvent read(Original original) {
        if (original.value() == null) {
            return null;
        }
        try {
            return json.readValue(original.value(), DonationEvent.class);
        } catch (RuntimeException e) {
            log.debug(
                    "Record {}-{} is not a donation event: {}",
                    original.partition(),
                    original.offset(),
                    e.getMessage());
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<ConsumerRecord<?, ?>> records(Message<?> batch) {
        Object raw = batch.getHeaders().get(KafkaHeaders.RAW_DATA);
        if (!(raw instanceof List<?> records)) {
            throw new IllegalStateException("Header " + KafkaHeaders.RAW_DATA
                    + " missing: the binding must use the rawBatchConverter (application.yml)");
        }
        return (List<ConsumerRecord<?, ?>>) records;
    }

    private static Original original(ConsumerRecord<?, ?> record) {
        return new Original(
                record.topic(),
                record.partition(),
                record.offset(),
                (byte[]) record.key(),
                (byte[]) record.value(),
                record.headers());
    }
}
