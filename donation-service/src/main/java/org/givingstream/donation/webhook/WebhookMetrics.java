package org.givingstream.donation.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts webhook deliveries by provider and outcome: {@code webhooks.received}, {@code webhooks.outcome}. */
@Component
public class WebhookMetrics {

    private final MeterRegistry meters;

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void received(String provider) {
        meters.counter("webhooks.received", "provider", provider).increment();
    }

    /**
     * @param outcome {@code stored}, {@code duplicate}, {@code parked}, {@code ignored}, {@code refused} or
     *     {@code unavailable}
     */
    public void outcome(String provider, String outcome, String reason) {
        meters.counter("webhooks.outcome", "provider", provider, "outcome", outcome, "reason", reason)
                .increment();
    }
}
