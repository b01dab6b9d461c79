package org.givingstream.campaign.totals;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.converter.BatchMessagingMessageConverter;
import org.springframework.util.backoff.ExponentialBackOff;

/** How the batch binding of {@code applyDonation} reads records and what it does when a batch fails. */
@Configuration(proxyBeanMethods = false)
class TotalsErrorHandling {

    /**
     * Hands the function the raw {@code ConsumerRecord}s (header {@code kafka_raw_data}): their bytes are parsed one
     * by one, so one unreadable record does not fail the conversion of the whole batch, and a dead letter carries the
     * original key, value and headers.
     */
    @Bean
    BatchMessagingMessageConverter rawBatchConverter() {
        var converter = new BatchMessagingMessageConverter(null); // values stay bytes: ApplyDonation parses them
        converter.setRawRecordHeader(true);
        return converter;
    }

    /**
     * A failed batch (poison records never fail it, see {@code ApplyDonation}) is redelivered from its first record
     * until it succeeds, backing off up to 30 s: never skipped, since a skipped batch would be money never counted.
     * The container keeps polling (paused) meanwhile, so the consumer stays in its group.
     */
    @Bean
    CommonErrorHandler totalsErrorHandler() {
        var backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
