package org.givingstream.notification.claim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.givingstream.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.stream.binder.ConsumerProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * How the batch bindings {@code sendReceipt-in-0} and {@code sendMilestone-in-0} read records and what happens when
 * a batch fails ({@link ReceiptBinding} names the record that failed it):
 *
 * <ul>
 *   <li>MongoDB away (an exception the binding lists as retryable, e.g. {@code DataAccessResourceFailureException}):
 *       the batch comes again from the record that failed, with the binding's back-off, for as long as it takes.
 *       Nothing is parked: the partition waits.
 *   <li>Anything else (an unreadable or invalid event): the offsets before it are committed, the record is tried
 *       3 times, then parked on {@code <topic>.notifications.dlq} (synchronously, acks=all, before its offset is
 *       committed: a dead letter is never lost, at worst parked twice), and the records after it go on.
 * </ul>
 *
 * The binder's own DLQ cannot do this in batch mode (it would park the whole batch), hence this.
 */
@Configuration(proxyBeanMethods = false)
class ClaimErrorHandling {

    /** Tries of a record that is not a storage failure before it is dead-lettered (the binder's usual 3). */
    static final int POISON_TRIES = 3;

    static final String DLQ_SUFFIX = Topics.NOTIFICATIONS_DLQ_SUFFIX;

    private static final Logger log = LoggerFactory.getLogger(ClaimErrorHandling.class);

    /**
     * Hands the functions the raw {@code ConsumerRecord}s (header {@code kafka_raw_data}): their bytes are parsed one
     * by one, so one unreadable record does not fail the conversion of the whole batch, and a dead letter carries
     * the original key, value and headers.
     */
    @Bean
    BatchMessagingMessageConverter rawBatchConverter() {
        var converter = new BatchMessagingMessageConverter(null); // values stay bytes: ReceiptBinding parses them
        converter.setRawRecordHeader(true);
        return converter;
    }

    @Bean(destroyMethod = "destroy")
    DeadLetterProducer claimDeadLetterProducer(@Value("${spring.cloud.stream.kafka.binder.brokers}") String brokers) {
        return new DeadLetterProducer(brokers);
    }

    @Bean
    CommonErrorHandler receiptClaimErrorHandler(BindingServiceProperties bindings, DeadLetterProducer deadLetters) {
        return errorHandler(bindings.getConsumerProperties("sendReceipt-in-0"), deadLetters);
    }

    @Bean
    CommonErrorHandler milestoneClaimErrorHandler(BindingServiceProperties bindings, DeadLetterProducer deadLetters) {
        return errorHandler(bindings.getConsumerProperties("sendMilestone-in-0"), deadLetters);
    }

    private static CommonErrorHandler errorHandler(ConsumerProperties binding, DeadLetterProducer deadLetters) {
        var publisher = new DeadLetterPublishingRecoverer(deadLetters.template(), (record, failure) -> {
            deadLetters.provision(record.topic() + DLQ_SUFFIX);
            return new TopicPartition(record.topic() + DLQ_SUFFIX, -1); // -1: the producer picks, by key
        });
        ConsumerRecordRecoverer recoverer = (record, failure) -> {
            publisher.accept(record, failure); // throws unless Kafka acknowledged it: then it is tried again
            log.warn(
                    "Record {}-{}@{} parked on {} after {} tries: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.topic() + DLQ_SUFFIX,
                    POISON_TRIES,
                    rootMessage(failure));
        };
        // a failure that is not a named record's (none is expected) redelivers the whole batch, never parks it
        var handler = new DefaultErrorHandler(recoverer, waitOut(binding));
        handler.setLogLevel(KafkaException.Level.DEBUG); // our own lines say what happened, once
        FixedBackOff poison = new FixedBackOff(binding.getBackOffInitialInterval(), POISON_TRIES - 1);
        handler.setBackOffFunction((record, failure) -> isStorageOutage(failure, binding) ? waitOut(binding) : poison);
        handler.setRetryListeners((record, failure, attempt) -> log.warn(
                "Claiming record {}-{}@{} failed (try {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                attempt,
                rootMessage(failure)));
        return handler;
    }

    /** Exponential back-off without end: MongoDB is waited out, however long it is away. */
    private static BackOff waitOut(ConsumerProperties binding) {
        var backOff = new ExponentialBackOff(binding.getBackOffInitialInterval(), binding.getBackOffMultiplier());
        backOff.setMaxInterval(binding.getBackOffMaxInterval());
        return backOff;
    }

    /** Whether a cause is one the binding's {@code retryable-exceptions} names as retryable (MongoDB away). */
    static boolean isStorageOutage(Throwable failure, ConsumerProperties binding) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (var retryable : binding.getRetryableExceptions().entrySet()) {
                if (retryable.getValue() && retryable.getKey().isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** The producer of dead letters: the records' bytes as they came, acks=all, bounded waits. */
    static final class DeadLetterProducer {

        private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
        private final KafkaTemplate<byte[], byte[]> template;
        private final String brokers;
        private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

        DeadLetterProducer(String brokers) {
            this.brokers = brokers;
            this.producers = new DefaultKafkaProducerFactory<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    brokers,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    5_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    5_000));
            this.template = new KafkaTemplate<>(producers);
        }

        KafkaTemplate<byte[], byte[]> template() {
            return template;
        }

        /**
         * Creates a dead-letter topic on its first use (the binder did this while it dead-lettered; a broker may not
         * auto-create topics). Failing to create it is only logged: the send then says what is wrong.
         */
        void provision(String topic) {
            if (provisioned.contains(topic)) {
                return;
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(3), Optional.empty())))
                        .all()
                        .get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    log.warn("Could not create {}: {}", topic, e.getCause().getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException e) {
                log.warn("Could not create {} in time", topic);
            }
            provisioned.add(topic);
        }

        void destroy() {
            producers.destroy();
        }
    }
}
