package org.givingstream.donation.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * Counts webhook deliveries by provider and outcome: {@code webhooks.received}, {@code webhooks.outcome}. Every tag
 * value comes from a fixed set or is capped: a caller chooses paths and event types, and each new tag value is a new
 * time series held in memory and scraped for ever.
 */
@Component
public class WebhookMetrics {

    static final Set<String> PROVIDERS = Set.of("stripe", "paypal", "gocardless", "standard");
    /** Reasons (event types, refusal reasons) a dashboard can tell apart; the rest are counted as {@code other}. */
    static final int MAX_REASONS = 100;

    static final int MAX_METERS = 10_000;
    private static final Pattern PLAIN_REASON = Pattern.compile("[a-z0-9._-]{1,64}");

    private final MeterRegistry meters;

    public WebhookMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void received(String provider) {
        meters.counter("webhooks.received", "provider", providerTag(provider)).increment();
    }

    /**
     * @param outcome {@code stored}, {@code duplicate}, {@code parked}, {@code ignored}, {@code refused} or
     *     {@code unavailable}
     */
    public void outcome(String provider, String outcome, String reason) {
        meters.counter(
                        "webhooks.outcome",
                        "provider",
                        providerTag(provider),
                        "outcome",
                        outcome,
                        "reason",
                        reasonTag(reason))
                .increment();
    }

    /** {@code stripe|paypal|gocardless|standard|other}: a Standard Webhooks source or an unknown path adds none. */
    static String providerTag(String provider) {
        if (provider == null) {
            return "other";
        }
        int slash = provider.indexOf('/');
        String adapter = slash < 0 ? provider : provider.substring(0, slash);
        return PROVIDERS.contains(adapter) ? adapter : "other";
    }

    private static String reasonTag(String reason) {
        return reason != null && PLAIN_REASON.matcher(reason).matches() ? reason : "other";
    }

    @Configuration(proxyBeanMethods = false)
    static class Limits {

        /** At most {@link #MAX_REASONS} reasons per meter, whoever signs the events; past it, new ones are dropped. */
        @Bean
        MeterFilter webhookReasonLimit() {
            return MeterFilter.maximumAllowableTags("webhooks.", "reason", MAX_REASONS, MeterFilter.deny());
        }

        /**
         * A backstop for the whole registry (this service registers a few hundred meters): whatever tag a future
         * change forgets to bound, the number of series stops growing here instead of filling the heap.
         */
        @Bean
        MeterFilter meterCountLimit() {
            return MeterFilter.maximumAllowableMetrics(MAX_METERS);
        }
    }
}
