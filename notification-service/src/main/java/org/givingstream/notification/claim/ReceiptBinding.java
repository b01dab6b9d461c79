package org.givingstream.notification.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.NotificationStore.UnclaimableException;
import org.givingstream.notification.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka side (see application.yml): {@code sendReceipt-in-0} reads {@code giving.donations.v1},
 * {@code sendMilestone-in-0} reads {@code giving.milestones.v1}, both in batch mode. Both only claim; the drain
 * sends.
 *
 * <p>A poll's records are read one by one (raw bytes, so one unreadable record cannot fail the others' conversion)
 * and their notifications claimed with ONE bulk insert. A record we cannot read or claim ends the batch there: the
 * claims before it are written, and a {@link BatchListenerFailedException} naming it lets the container commit the
 * offsets before it and redeliver it and what follows; after 3 tries it is dead-lettered and the rest goes on
 * ({@link ClaimErrorHandling}). Offsets are committed after the claims are written: at-least-once delivery,
 * effectively-once claims.
 */
@Configuration(proxyBeanMethods = false)
class ReceiptBinding {

    private static final Logger log = LoggerFactory.getLogger(ReceiptBinding.class);

    @Bean
    Consumer<Message<List<byte[]>>> sendReceipt(Receipts receipts, JsonMapper json) {
        return batch -> claim(
                batch,
                (value, traceparent) -> receipts.forDonation(json.readValue(value, DonationEvent.class), traceparent),
                receipts);
    }

    @Bean
    Consumer<Message<List<byte[]>>> sendMilestone(Receipts receipts, JsonMapper json) {
        return batch -> claim(
                batch,
                (value, traceparent) ->
                        Optional.of(receipts.forMilestone(json.readValue(value, MilestoneEvent.class), traceparent)),
                receipts);
    }

    /**
     * @param toClaim reads a record's value (throws when it cannot) and says what to claim for it
     */
    private static void claim(
            Message<List<byte[]>> batch,
            BiFunction<byte[], String, Optional<Notification>> toClaim,
            Receipts receipts) {
        List<ConsumerRecord<?, ?>> records = records(batch);
        List<Notification> claims = new ArrayList<>(records.size());
        List<ConsumerRecord<?, ?>> claimedBy = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        ConsumerRecord<?, ?> poison = null;
        for (ConsumerRecord<?, ?> record : records) {
            try {
                Optional<Notification> claim = toClaim.apply(readable(record), traceparent(record));
                if (claim.isPresent()) {
                    claims.add(claim.get());
                    claimedBy.add(record);
                }
            } catch (RuntimeException e) {
                // the records before it are claimed below; it and the ones after it come again (ClaimErrorHandling)
                unreadable = new UnreadableEventException(record, e);
                poison = record;
                break;
            }
        }
        try {
            receipts.claimAll(claims);
        } catch (UnclaimableException e) {
            throw new BatchListenerFailedException("Could not claim", e, claimedBy.get(e.index()));
        } catch (DataAccessException e) {
            // MongoDB away: the whole batch comes again (from its first record) until MongoDB is back
            throw new BatchListenerFailedException("Could not claim the batch", e, records.getFirst());
        }
        if (poison != null) {
            log.debug("Record {}-{} unreadable: {}", poison.partition(), poison.offset(), unreadable.getMessage());
            throw new BatchListenerFailedException("Unreadable record", unreadable, poison);
        }
    }

    private static byte[] readable(ConsumerRecord<?, ?> record) {
        if (!(record.value() instanceof byte[] value)) {
            throw new IllegalArgumentException("no value");
        }
        return value;
    }

    private static String traceparent(ConsumerRecord<?, ?> record) {
        // the record's own trace context: the email joins the trace of the event that caused it
        Header header = record.headers().lastHeader(TraceParents.HEADER);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
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

    /** A record that is not a readable, valid event of its topic: poison, parked on the DLQ after 3 tries. */
    static final class UnreadableEventException extends RuntimeException {

        UnreadableEventException(ConsumerRecord<?, ?> record, Throwable cause) {
            super(
                    "Record " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " is not a readable event: " + cause.getMessage(),
                    cause);
        }
    }
}
