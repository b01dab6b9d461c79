package org.givingstream.notification.receipt;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param retryDelay how often the retrier runs, and how long a failed receipt waits before its next attempt
 * @param retryBatchSize how many due receipts the retrier reads at a time
 * @param attemptTimeout how long one send attempt may take before another instance may assume it crashed and send
 *     again; keep it well above the SMTP timeouts ({@code spring.mail.properties.mail.smtp.*timeout})
 */
@Validated
@ConfigurationProperties(ReceiptProperties.PREFIX)
record ReceiptProperties(
        @DefaultValue(DEFAULT_RETRY_DELAY) Duration retryDelay,
        @DefaultValue("50") @Min(1) int retryBatchSize,
        @DefaultValue("60s") Duration attemptTimeout) {

    static final String PREFIX = "notifications.receipts";
    static final String DEFAULT_RETRY_DELAY = "10s";
    /** For {@code @Scheduled}, which reads the same property as this record, with the same default. */
    static final String RETRY_DELAY_PLACEHOLDER = "${" + PREFIX + ".retry-delay:" + DEFAULT_RETRY_DELAY + "}";
}
