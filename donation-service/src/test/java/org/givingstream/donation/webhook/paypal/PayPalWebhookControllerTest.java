package org.givingstream.donation.webhook.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.givingstream.donation.webhook.WebhookMetrics;
import org.givingstream.donation.webhook.WebhookUnavailableException;
import org.junit.jupiter.api.Test;

/** Without a webhook id the service still starts; the endpoint says why it takes nothing (503, PayPal retries). */
class PayPalWebhookControllerTest {

    @Test
    void withoutAWebhookIdEveryDeliveryIsAnsweredNotConfigured() {
        var properties = new PayPalProperties(
                " ",
                null,
                Duration.ofMinutes(5),
                PayPalCertificatesTest.properties(null, null, 10).certificates());
        var controller = new PayPalWebhookController(
                properties, null, null, null, new WebhookMetrics(new SimpleMeterRegistry()), Clock.systemUTC());

        assertThatThrownBy(() -> controller.receive("id", "time", "sig", "url", "SHA256withRSA", new byte[0]))
                .isInstanceOfSatisfying(WebhookUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo("not-configured");
                    assertThat(e.getMessage()).isEqualTo("PayPal webhooks are not configured");
                });
    }
}
