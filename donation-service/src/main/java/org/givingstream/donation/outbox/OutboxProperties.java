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
 * @param sweepInterval how often the relay also looks for pending donations nobody named to it (left by a crash, or
 *     by another instance that died); a query over all donations, cheap on MongoDB with the {@code outbox_pending}
 *     index, a scan on stores without secondary indexes
 * @param sweepGrace how long after a ledger write the sweep leaves a donation alone: its writer (the ledger feed) is
 *     publishing its events meanwhile, and a sweep in between would publish them a second time
 * @param maxHints how many written-but-unrelayed donation ids one instance keeps in memory; past it, it sweeps
 */
@Validated
@ConfigurationProperties("donations.outbox")
public record OutboxProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200") @Min(1) int batchSize,
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("5s") Duration sweepGrace,
        @DefaultValue("100000") @Min(1) int maxHints) {}
