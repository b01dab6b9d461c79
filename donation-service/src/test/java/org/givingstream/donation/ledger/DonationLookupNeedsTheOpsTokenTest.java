package org.givingstream.donation.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.givingstream.donation.DonationServiceTestSupport;
import org.givingstream.donation.webhook.stripe.StripeTestPayloads;
import org.junit.jupiter.api.Test;

/** {@code GET /api/donations/{id}} is for support staff: without the ops token it says nothing, not even "not found". */
class DonationLookupNeedsTheOpsTokenTest extends DonationServiceTestSupport {

    static final String OPS_TOKEN = "test-donations-ops-token-0123456789"; // application-test.yml

    @Test
    void withoutTheOpsTokenEveryLookupIsRefusedAndWithItTheDonationIsShown() throws Exception {
        String pi = "pi_" + UUID.randomUUID();
        String payload = StripeTestPayloads.checkout(pi);
        post(
                "/webhooks/stripe",
                payload,
                Map.of("Stripe-Signature", StripeTestPayloads.signature(payload, "whsec_test_current")));
        awaitDonation("stripe:" + pi);

        for (String authorization : new String[] {null, "Bearer wrong-token-wrong-token-wrong", "Basic " + OPS_TOKEN}) {
            HttpResponse<String> refused = lookup("stripe:" + pi, authorization);
            assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(refused.body())
                    .contains("ops-token-required")
                    .doesNotContain("campaignId")
                    .doesNotContain("amount");
        }
        assertThat(lookup("stripe:pi_unknown_" + UUID.randomUUID(), null).statusCode())
                .as("an unknown id is refused the same way: without the token nothing tells which ids exist")
                .isEqualTo(401);

        HttpResponse<String> shown = lookup("stripe:" + pi, "Bearer " + OPS_TOKEN);
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("\"donationId\":\"stripe:" + pi + "\"")
                .doesNotContain("@");
        assertThat(lookup("stripe:pi_unknown_" + UUID.randomUUID(), "Bearer " + OPS_TOKEN)
                        .statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<String> lookup(String donationId, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/donations/" + donationId));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
