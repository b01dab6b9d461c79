package org.givingstream.notification.mail;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who our emails come from, and how hard we push the SMTP server.
 *
 * @param from the sender address, e.g. {@code receipts@giving-stream.local}
 * @param fromName the display name beside it
 * @param replyTo where donors' replies go; unset means replies go to {@code from}
 * @param ratePerSecond the provider's sending limit: SMTP sends per second from this instance, retries included
 * @param retry retries inside one sending round, for transient failures
 * @param circuitBreaker when to stop calling an SMTP server that is down
 * @param linksBaseUrl where this service's public port is reached from a mail reader: the base of the links in
 *     mails (an organiser's address check)
 */
@Validated
@ConfigurationProperties("notifications.mail")
public record NotificationMailProperties(
        @DefaultValue("receipts@giving-stream.local") @NotBlank @Email
        String from,

        @DefaultValue("Giving Stream") String fromName,
        @Email String replyTo,
        @DefaultValue("10") @Min(1) @Max(100_000) int ratePerSecond,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid CircuitBreaker circuitBreaker,
        @DefaultValue("http://localhost:8083") @NotBlank String linksBaseUrl) {

    /**
     * @param maxAttempts SMTP tries per round (the first included); then the notification waits for the next round
     * @param initialBackoff the pause before the first retry; each later pause is {@code multiplier} times longer
     * @param jitter the pauses vary randomly by up to this fraction, so that a crowd of senders does not retry in step
     */
    public record Retry(
            @DefaultValue("3") @Min(1) int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier,

            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("0.99")
            double jitter) {}

    /**
     * Counts transient failures only: an address the server refuses says nothing about the server.
     *
     * @param failureRateThreshold percentage of failed calls among the last {@code slidingWindowSize} that opens it
     * @param minimumCalls calls needed before the rate is judged
     * @param openFor how long it stays open (nothing is sent; receipts wait PENDING) before a few trial calls
     */
    public record CircuitBreaker(
            @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
            @DefaultValue("10") @Min(1) int slidingWindowSize,
            @DefaultValue("5") @Min(1) int minimumCalls,
            @DefaultValue("30s") Duration openFor) {}
}
