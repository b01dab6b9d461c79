package org.givingstream.campaign.reconciliation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.givingstream.campaign.campaigns.CampaignNotFoundException;
import org.givingstream.campaign.job.Job;
import org.givingstream.campaign.job.JobWork;
import org.givingstream.campaign.kafka.KafkaClients;
import org.givingstream.campaign.reconciliation.Reconciler.Report;
import org.givingstream.campaign.totals.Donors;
import org.givingstream.campaign.totals.History;
import org.givingstream.campaign.totals.TotalsStore;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Topics;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rebuild job: one campaign's totals (or every campaign's) rebuilt from {@code giving.donations.v1}. Reads the
 * topic from its beginning up to its end at the job's start with a plain consumer (no group: it commits nothing and
 * takes no partitions from the live consumer), upserts each money event into the history and its donor into
 * {@code campaign_donors}, then repairs the campaigns from the history ({@link Reconciler}).
 *
 * <p>Resumable, effectively-once: the checkpoint is the position reached in each partition, saved only after every
 * record below it is written. A job resumed after its instance was lost reads again from there; what it writes again
 * changes nothing (history and donors are upserts where the first write wins, a repair is a guarded overwrite with
 * the history's totals). Records of other campaigns are skipped by their key (the campaign id) without being parsed.
 *
 * <p>Requires the topic to keep every event (retention.ms=-1, see application.yml and docker-compose.yml): events
 * deleted by retention are missing from a rebuild, and a resumed job whose checkpoint retention has passed fails
 * rather than skip them. The live consumer keeps running meanwhile.
 */
@Component
class Rebuild implements JobWork {

    static final String KIND = "rebuild";
    private static final int CHUNK = 500;

    private final KafkaClients kafka;
    private final History history;
    private final Donors donors;
    private final Reconciler reconciler;
    private final TotalsStore store;
    private final JsonMapper json;

    Rebuild(
            KafkaClients kafka,
            History history,
            Donors donors,
            Reconciler reconciler,
            TotalsStore store,
            JsonMapper json) {
        this.kafka = kafka;
        this.history = history;
        this.donors = donors;
        this.reconciler = reconciler;
        this.store = store;
        this.json = json;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Document run(Job job, Progress progress) {
        List<String> campaigns =
                job.campaignId() == null ? store.campaignIds().stream().sorted().toList() : List.of(job.campaignId());
        if (job.campaignId() != null && store.read(job.campaignId()) == null) {
            throw new CampaignNotFoundException(job.campaignId());
        }
        Checkpoint at = read(job, progress, Checkpoint.of(job.saved()), campaigns.size());
        List<Object> differences = new ArrayList<>();
        for (String campaign : campaigns) {
            if (at.repairedUpTo != null && campaign.compareTo(at.repairedUpTo) <= 0) {
                continue; // repaired before this job was resumed
            }
            Report before = reconciler.repair(campaign);
            if (!before.consistent()) {
                at.campaignsRepaired++;
                if (job.campaignId() != null) {
                    differences.addAll(before.differences());
                }
            }
            at.repairedUpTo = campaign;
            at.campaignsDone++;
            progress.report("repairing", at.done(), at.total(campaigns.size()), at.toDocument());
        }
        Document outcome = new Document("recordsRead", at.recordsRead())
                .append("eventsRecorded", at.eventsRecorded)
                .append("campaigns", campaigns.size())
                .append("campaignsRepaired", at.campaignsRepaired);
        if (job.campaignId() != null) {
            outcome.append("differences", json.convertValue(differences, List.class));
        }
        return outcome;
    }

    /** Reads the topic from the checkpoint to the end fixed at the job's first start. */
    private Checkpoint read(Job job, Progress progress, Checkpoint saved, int campaigns) {
        byte[] onlyKey = job.campaignId() == null ? null : job.campaignId().getBytes(StandardCharsets.UTF_8);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(kafka.config(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // a position retention has passed fails the job instead of jumping to the end and skipping records
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "none",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class)))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DONATIONS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            Checkpoint at = saved == null
                    ? Checkpoint.start(
                            refuseIfRetentionDeleted(first), consumer.endOffsets(partitions, Duration.ofSeconds(10)))
                    : saved.refuseIfRetentionPassed(first);
            List<TopicPartition> toRead =
                    partitions.stream().filter(at::unfinished).toList();
            consumer.assign(toRead);
            toRead.forEach(p -> consumer.seek(p, at.position.get(p.partition())));
            progress.report("reading " + Topics.DONATIONS, at.done(), at.total(campaigns), at.toDocument());
            while (toRead.stream().anyMatch(at::unfinished)) {
                List<History.Entry> entries = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= at.end.get(record.partition())) {
                        continue; // arrived after the rebuild started: the live consumer applies it
                    }
                    if (onlyKey != null && record.key() != null && !Arrays.equals(onlyKey, record.key())) {
                        continue; // another campaign's
                    }
                    History.Entry entry = entry(record, job.campaignId());
                    if (entry != null) {
                        entries.add(entry);
                    }
                }
                for (int from = 0; from < entries.size(); from += CHUNK) {
                    write(entries.subList(from, Math.min(entries.size(), from + CHUNK)));
                }
                at.eventsRecorded += entries.size();
                // only now is everything below the consumer's positions written: they may become the checkpoint
                toRead.forEach(p -> at.advance(p.partition(), consumer.position(p)));
                progress.report("reading " + Topics.DONATIONS, at.done(), at.total(campaigns), at.toDocument());
            }
            return at;
        }
    }

    /** A rebuild from a topic that lost its first records would repair the totals down to what is left. */
    private static Map<TopicPartition, Long> refuseIfRetentionDeleted(Map<TopicPartition, Long> first) {
        first.forEach((partition, offset) -> {
            if (offset > 0) {
                throw new IllegalStateException("Partition " + partition.partition() + " of " + Topics.DONATIONS
                        + " starts at offset " + offset + ": retention deleted its first records, and a rebuild "
                        + "would leave their money out. The topic must keep every event (retention.ms=-1)");
            }
        });
        return first;
    }

    /** Donors first in topic order (the first event of each donor in the chunk), then the history. */
    private void write(List<History.Entry> entries) {
        Map<String, DonationEvent> firstOfEachDonor = new LinkedHashMap<>();
        for (History.Entry entry : entries) {
            if (entry.donorKey() != null) {
                firstOfEachDonor.putIfAbsent(entry.event().campaignId() + "/" + entry.donorKey(), entry.event());
            }
        }
        donors.firstEventsOfNewDonors(List.copyOf(firstOfEachDonor.values()));
        history.record(entries);
    }

    /** null for records that are not money events of the campaign (unreadable ones were dead-lettered live). */
    private History.Entry entry(ConsumerRecord<byte[], byte[]> record, String onlyCampaign) {
        DonationEvent event;
        try {
            event = record.value() == null ? null : json.readValue(record.value(), DonationEvent.class);
        } catch (RuntimeException e) {
            return null;
        }
        if (event == null || (onlyCampaign != null && !onlyCampaign.equals(event.campaignId()))) {
            return null;
        }
        return switch (event.type()) {
            case DonationEventTypes.RECEIVED ->
                new History.Entry(event, record.partition(), record.offset(), Donors.keyOf(event));
            case DonationEventTypes.REFUNDED, DonationEventTypes.CHARGED_BACK ->
                new History.Entry(event, record.partition(), record.offset(), null);
            default -> null;
        };
    }

    /** How far a rebuild got, saved with the job: per partition, where it began, ends and has reached. */
    static final class Checkpoint {

        private final Map<Integer, Long> begin;
        private final Map<Integer, Long> end;
        private final Map<Integer, Long> position;
        private long eventsRecorded;
        private String repairedUpTo;
        private long campaignsDone;
        private long campaignsRepaired;

        private Checkpoint(Map<Integer, Long> begin, Map<Integer, Long> end, Map<Integer, Long> position) {
            this.begin = begin;
            this.end = end;
            this.position = position;
        }

        static Checkpoint start(Map<TopicPartition, Long> first, Map<TopicPartition, Long> last) {
            Map<Integer, Long> begin = new LinkedHashMap<>();
            Map<Integer, Long> end = new LinkedHashMap<>();
            first.forEach((p, offset) -> begin.put(p.partition(), offset));
            last.forEach((p, offset) -> end.put(p.partition(), offset));
            return new Checkpoint(begin, end, new LinkedHashMap<>(begin));
        }

        /** null before the job's first checkpoint. */
        static Checkpoint of(Document saved) {
            if (saved == null || !saved.containsKey("end")) {
                return null;
            }
            Checkpoint at = new Checkpoint(offsets(saved, "begin"), offsets(saved, "end"), offsets(saved, "position"));
            at.eventsRecorded = saved.get("eventsRecorded", Number.class).longValue();
            at.repairedUpTo = saved.getString("repairedUpTo");
            at.campaignsDone = saved.get("campaignsDone", Number.class).longValue();
            at.campaignsRepaired = saved.get("campaignsRepaired", Number.class).longValue();
            return at;
        }

        Document toDocument() {
            return new Document("begin", document(begin))
                    .append("end", document(end))
                    .append("position", document(position))
                    .append("eventsRecorded", eventsRecorded)
                    .append("repairedUpTo", repairedUpTo)
                    .append("campaignsDone", campaignsDone)
                    .append("campaignsRepaired", campaignsRepaired);
        }

        boolean unfinished(TopicPartition partition) {
            Long until = end.get(partition.partition());
            return until != null && position.get(partition.partition()) < until;
        }

        void advance(int partition, long reached) {
            position.put(partition, Math.min(reached, end.get(partition)));
        }

        /** A resumed rebuild must not skip records retention deleted since its checkpoint. */
        Checkpoint refuseIfRetentionPassed(Map<TopicPartition, Long> first) {
            first.forEach((p, offset) -> {
                Long reached = position.get(p.partition());
                if (reached != null && reached < end.get(p.partition()) && offset > reached) {
                    throw new IllegalStateException("Records " + reached + " to " + (offset - 1) + " of partition "
                            + p.partition() + " were deleted by retention before this rebuild read them; "
                            + "the topic must keep every event (retention.ms=-1)");
                }
            });
            return this;
        }

        long recordsRead() {
            return position.entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey()))
                    .sum();
        }

        long done() {
            return recordsRead() + campaignsDone;
        }

        long total(int campaigns) {
            return end.entrySet().stream()
                            .mapToLong(e -> e.getValue() - begin.get(e.getKey()))
                            .sum()
                    + campaigns;
        }

        private static Document document(Map<Integer, Long> offsets) {
            Document document = new Document();
            offsets.forEach((partition, offset) -> document.append(String.valueOf(partition), offset));
            return document;
        }

        private static Map<Integer, Long> offsets(Document saved, String name) {
            Map<Integer, Long> offsets = new LinkedHashMap<>();
            saved.get(name, Document.class)
                    .forEach((partition, offset) ->
                            offsets.put(Integer.valueOf(partition), ((Number) offset).longValue()));
            return offsets;
        }
    }
}
