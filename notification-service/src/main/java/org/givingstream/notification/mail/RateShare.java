package org.givingstream.notification.mail;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.givingstream.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.stream.binder.kafka.KafkaBindingRebalanceListener;
import org.springframework.stereotype.Component;

/**
 * Splits the provider's sending limit between the instances by what each consumes: an instance that owns k of the
 * n partitions of {@code giving.donations.v1} (the receipts' topic, where nearly all mail comes from) sends at
 * {@code k/n} of {@code notifications.mail.rate-per-second}. Kafka's group assignment already gives every partition to
 * exactly one instance, so the shares add up to at most the whole, without any coordination of our own; an instance
 * that dies loses its share when its partitions move, and the one that takes them gains it.
 */
@Component
class RateShare implements KafkaBindingRebalanceListener {

    static final String RECEIPTS_BINDING = "sendReceipt-in-0";

    private static final Logger log = LoggerFactory.getLogger(RateShare.class);

    private final MailGateway gateway;

    RateShare(MailGateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void onPartitionsAssigned(
            String bindingName, Consumer<?, ?> consumer, Collection<TopicPartition> partitions, boolean initial) {
        if (RECEIPTS_BINDING.equals(bindingName)) {
            update(consumer, consumer.assignment());
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(
            String bindingName, Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (RECEIPTS_BINDING.equals(bindingName)) {
            Set<TopicPartition> kept = new HashSet<>(consumer.assignment());
            kept.removeAll(partitions); // revoked are still in the assignment while this runs
            update(consumer, kept);
        }
    }

    private void update(Consumer<?, ?> consumer, Collection<TopicPartition> owned) {
        int mine = (int)
                owned.stream().filter(p -> p.topic().equals(Topics.DONATIONS)).count();
        int total = consumer.partitionsFor(Topics.DONATIONS).size();
        gateway.share(mine, total);
        log.info("Receipts' partitions owned: {} of {}; this instance's share of the mail rate updated", mine, total);
    }
}
