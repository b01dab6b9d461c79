package org.givingstream.notification.outgoing;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How notifications (receipts, refund notices, milestone emails) are drained from MongoDB to the SMTP server.
 *
 * @param retryDelay how long a notification waits after a failed sending round before the next
 * @param retryBatchSize how many due notifications the drain reads and takes at a time (one round)
 * @param attemptTimeout how long one sending round may take before another sender may assume it crashed and send
 *     again; keep it well above the SMTP timeouts times the retries, plus the wait for a rate permit
 * @param senders sending rounds running at once in this instance (they share one rate limiter)
 * @param pollInterval how often the drain looks for due notifications when nobody wakes it
 * @param markFlushInterval how long a sent mail's SENT mark may wait to be written with others ({@link SentMarks});
 *     a round's marks are written when its sends are done, this bounds the wait while a long round is still going
 * @param campaignWait how long a receipt may wait for the campaign's title and organiser to arrive on
 *     {@code giving.campaigns.v1}; after that it is sent naming the campaign by its id
 * @param giveUpAfter a notification that still cannot be sent this long after it was queued is marked FAILED
 *     (transient failures, or a milestone whose organiser address never arrives)
 */
@Validated
@ConfigurationProperties("notifications.receipts")
record ReceiptProperties(
        @DefaultValue("10s") Duration retryDelay,
        @DefaultValue("50") @Min(1) int retryBatchSize,
        @DefaultValue("60s") Duration attemptTimeout,
        @DefaultValue("4") @Min(1) int senders,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("200ms") Duration markFlushInterval,
        @DefaultValue("30s") Duration campaignWait,
        @DefaultValue("72h") Duration giveUpAfter) {}
