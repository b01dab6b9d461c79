package org.givingstream.donation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.testinfra.HostileUpload;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, point 2: a caller chooses the path and, once signed, the event type; neither may mint new time series.
 * Before, {@code webhooks.outcome} was tagged with whatever path segment followed {@code /webhooks/}.
 */
class MetricTagsStayBoundedTest extends DonationServiceTestSupport {

    @Autowired
    MeterRegistry meters;

    @Test
    void oversizedBodiesAtMadeUpProviderPathsAddNoProviderTag() throws Exception {
        for (int i = 0; i < 25; i++) {
            String path = "/webhooks/made-up-" + UUID.randomUUID();
            var answer = HostileUpload.declared(port, path, Map.of(), 300 * 1024);
            assertThat(answer.status()).isEqualTo(413);
        }

        assertThat(tagValues(meters, "webhooks.outcome", "provider"))
                .isSubsetOf("stripe", "paypal", "gocardless", "standard", "other")
                .contains("other");
    }

    @Test
    void reasonsAreCappedWhateverTheEventTypes() {
        // a registry of its own with the service's filters: the shared one must keep room for the other tests' reasons
        var registry = new SimpleMeterRegistry();
        var limits = new WebhookMetrics.Limits();
        registry.config().meterFilter(limits.webhookReasonLimit()).meterFilter(limits.meterCountLimit());
        WebhookMetrics metrics = new WebhookMetrics(registry);
        for (int i = 0; i < 3 * WebhookMetrics.MAX_REASONS; i++) {
            metrics.outcome("stripe", "ignored", "made.up.type." + i);
        }
        metrics.outcome("stripe", "ignored", "Not A Plain Type \u0000 " + "x".repeat(500));

        assertThat(tagValues(registry, "webhooks.outcome", "reason"))
                .hasSizeLessThanOrEqualTo(WebhookMetrics.MAX_REASONS)
                .allMatch(reason -> reason.length() <= 64 && reason.matches("[a-z0-9._-]+"));
    }

    private static Set<String> tagValues(MeterRegistry meters, String meter, String tag) {
        return meters.find(meter).meters().stream()
                .map(Meter::getId)
                .map(id -> id.getTag(tag))
                .collect(Collectors.toSet());
    }
}
