package org.givingstream.campaign.reconciliation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.givingstream.campaign.totals.Donors;
import org.givingstream.campaign.totals.History;
import org.givingstream.campaign.totals.TotalsStore;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuilds every campaign's totals from {@code giving.donations.v1}: reads the topic from its beginning up to its end
 * at the start of the rebuild with a plain consumer (no group: it commits nothing and takes no partitions from the
 * live consumer), upserts each money event into the history and its donor into {@code campaign_donors} (both
 * idempotent, first position wins, as in the live consumer), then repairs every campaign from the history.
 *
 * <p>Requires the topic to keep every event (retention.ms=-1, see application.yml and docker-compose.yml): events
 * deleted by retention are missing from a rebuild. Meant for history lost or never written (campaigns counted
 * before the history existed); the live consumer may keep running meanwhile.
 */
@Component
class Rebuild {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final int CHUNK = 500;

    private final String brokers;
    private final History history;
    private final Donors donors;
    private final Reconciler reconciler;
    private final TotalsStore store;
    private final JsonMapper json;
    private final ReentrantLock running = new ReentrantLock();

    Rebuild(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers, History history, Donors donors,
            Reconciler reconciler, TotalsStore store, JsonMapper json) {
        this.brokers = brokers;
        this.history = history;
        this.donors = donors;
        this.reconciler = reconciler;
        this.store = store;
        this.json = json;
    }

    record Result(long recordsRead, long eventsRecorded, int campaigns, int campaignsRepaired) {}

    Result run() {
        if (!running.tryLock()) {
            throw new IllegalStateException("A rebuild is already running");
        }
        try {
            long[] counts = readTopic();
            int repaired = 0;
            List<String> campaigns = store.campaignIds();
            for (String campaign : campaigns) {
                if (!reconciler.repair(campaign).consistent()) {
                    repaired++;
                }
            }
            var result = new Result(counts[0], counts[1], campaigns.size(), repaired);
            log.info("Rebuild from {}: {}", Topics.DONATIONS, result);
            return result;
        } finally {
            running.unlock();
        }
    }

    /** @return records read, money events recorded */
    private long[] readTopic() {
        long read = 0;
        long recorded = 0;
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DONATIONS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                List<History.Entry> entries = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read++;
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the rebuild started: the live consumer applies it
                    }
                    History.Entry entry = entry(record);
                    if (entry != null) {
                        entries.add(entry);
                    }
                    if (entries.size() >= CHUNK) {
                        history.record(entries);
                        recorded += entries.size();
                        entries = new ArrayList<>();
                    }
                }
                history.record(entries);
                recorded += entries.size();
            }
        }
        return new long[] {read, recorded};
    }

    /** null for records that are not money events (unreadable ones were dead-lettered by the live consumer). */
    private History.Entry entry(ConsumerRecord<byte[], byte[]> record) {
        DonationEvent event;
        try {
            event = record.value() == null ? null : json.readValue(record.value(), DonationEvent.class);
        } catch (RuntimeException e) {
            return null;
        }
        if (event == null) {
            return null;
        }
        String donorKey = null;
        switch (event.type()) {
            case DonationEventTypes.RECEIVED -> {
                donors.isNewDonor(event); // first event of the donor in topic order, as the live consumer saw it
                donorKey = Donors.keyOf(event);
            }
            case DonationEventTypes.REFUNDED, DonationEventTypes.CHARGED_BACK -> {}
            default -> {
                return null;
            }
        }
        return new History.Entry(event, record.partition(), record.offset(), donorKey);
    }
}
