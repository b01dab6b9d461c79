package org.givingstream.donation.intake;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.donation.ledger.DonationLedger;
import org.givingstream.donation.ledger.DonationLedger.BatchResult;
import org.givingstream.donation.ledger.DonationLedger.Logged;
import org.givingstream.donation.ledger.DonationLedger.Outcome;
import org.givingstream.donation.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the intake log into the ledger, a batch at a time: one bulk write for the new payments of a poll, then the
 * batch's donation events straight to the outbox relay (no read back).
 *
 * <p>Effectively-once: the offsets of a batch are committed only after its ledger writes (the container's
 * {@code AckMode.BATCH}); a crash before that redelivers the batch, and the ledger finds its payments and reversals
 * already there. Events are in each donation's outbox before the commit, so one written and not yet published is
 * published by the relay's sweep; their ids are stable, so one published twice is dropped downstream. A record the
 * ledger can never apply goes to {@link IntakeTopic#DEAD_LETTERS} and the rest of the batch goes on.
 */
@Component
class LedgerFeed {

    private static final Logger log = LoggerFactory.getLogger(LedgerFeed.class);

    private final DonationLedger ledger;
    private final OutboxRelay relay;
    private final IntakeLog intakeLog;
    private final JsonMapper json;
    private final MeterRegistry meters;

    LedgerFeed(DonationLedger ledger, OutboxRelay relay, IntakeLog intakeLog, JsonMapper json, MeterRegistry meters) {
        this.ledger = ledger;
        this.relay = relay;
        this.intakeLog = intakeLog;
        this.json = json;
        this.meters = meters;
    }

    @KafkaListener(
            id = "ledger-feed",
            topics = IntakeTopic.NAME,
            groupId = "donation-service-ledger",
            containerFactory = IntakeKafka.LISTENER_FACTORY,
            autoStartup = "${donations.intake.log-first:true}")
    void apply(List<ConsumerRecord<String, byte[]>> records) {
        List<Logged> batch = new ArrayList<>(records.size());
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                IntakeRecord intake = json.readValue(record.value(), IntakeRecord.class);
                batch.add(new Logged(intake.entry(), intake.traceparent(), intake.onlyIfPaidBefore()));
                read.add(record);
            } catch (JacksonException | IllegalArgumentException | NullPointerException unreadable) {
                deadLetter(record, "unreadable: " + unreadable.getMessage());
            }
        }
        BatchResult result = ledger.recordAll(batch);
        result.refused().forEach((index, reason) -> deadLetter(read.get(index), reason));
        relay.relayWritten(result.unpublished());
        count(result.outcomes(), result.refused().size(), records.size());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        log.warn("Intake record {} of donation {} dead-lettered: {}", record.offset(), record.key(), reason);
        intakeLog.deadLetter(record.value(), record.key(), reason);
        meters.counter("donations.ledger.outcome", "outcome", "dead-lettered").increment();
    }

    private void count(List<Outcome> outcomes, int refused, int records) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        outcomes.stream().filter(o -> o != null).forEach(o -> counts.merge(o, 1, Integer::sum));
        counts.forEach((outcome, n) -> meters.counter(
                        "donations.ledger.outcome", "outcome", outcome.name().toLowerCase(Locale.ROOT))
                .increment(n));
        log.info("Ledger feed: {} intake records, {} refused, {}", records, refused, counts);
    }
}
