package org.givingstream.donation.intake;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The log-first intake: a webhook is answered once its event is in Kafka, and the ledger follows from the log.
 *
 * @param logFirst false turns the log off: every webhook is stored in MongoDB before its answer (the fallback path
 *     becomes the only one)
 * @param partitions partitions of the intake topic (created if missing); the ledger feed's parallelism across
 *     instances
 * @param appendTimeout how long a webhook waits for the broker's acknowledgement before it is stored in MongoDB
 *     instead; also bounds the producer's own delivery timeout
 * @param maxBatch records the ledger feed takes per poll
 * @param fetchMaxWait how long the broker may hold a fetch to fill {@code fetchMinBytes}: the feed's added latency
 *     when the log is quiet
 */
@Validated
@ConfigurationProperties("donations.intake")
public record IntakeProperties(
        @DefaultValue("true") boolean logFirst,
        @DefaultValue("3") @Min(1) int partitions,
        @DefaultValue("3s") Duration appendTimeout,
        @DefaultValue("500") @Min(1) int maxBatch,
        @DefaultValue("16384") @Min(1) int fetchMinBytes,
        @DefaultValue("100ms") Duration fetchMaxWait) {}
