package org.givingstream.donation.outbox;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param pollInterval how often the relay looks for unpublished donations even when nobody woke it, which is how
 *     it catches up after Kafka or this service was down
 * @param batchSize how many pending donations one relay round reads
 */
@Validated
@ConfigurationProperties("donations.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval, @DefaultValue("200") @Min(1) int batchSize) {}
