package org.givingstream.donation.webhook.gocardless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.body;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.confirmed;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.failed;
import static org.givingstream.donation.webhook.gocardless.GoCardlessEvents.signature;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.ledger.Donation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A body that confirms a payment and then reports it failed: the failure is a late one, so the money goes back. The
 * webhook cannot tell (the confirmation is not in MongoDB yet when it is answered); the ledger decides in log order.
 */
class LateFailureInTheSameBodyTest extends DonationServiceTestSupport {

    @Autowired
    JsonMapper json;

    @Test
    void confirmationAndLateFailureInOneBodyChargeTheMoneyBack() throws Exception {
        String pm = "PM"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 14).toUpperCase(Locale.ROOT);
        Instant confirmedAt = Instant.now().minusSeconds(60);
        String body = body(
                confirmed("EV21" + pm, pm, "james-wish", 3000, "late@example.org", confirmedAt),
                failed("EV22" + pm, pm, confirmedAt.plusSeconds(30)));

        var response =
                post("/webhooks/gocardless", body, Map.of("Webhook-Signature", signature(body, "gc_test_current")));

        assertThat(response.statusCode()).isEqualTo(204);
        Donation donation = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> mongo.findById("gocardless:" + pm, Donation.class),
                        d -> d != null && d.reversedMinorUnits() > 0 && d.published());
        assertThat(donation.reversedMinorUnits()).isEqualTo(3000);
        assertThat(eventsFor("gocardless:" + pm, 3, Duration.ofSeconds(2)))
                .extracting(e -> json.readTree(e.value()).path("type").asString())
                .containsExactly("donation.received", "donation.charged-back");
    }
}
