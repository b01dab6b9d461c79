package org.givingstream.donation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.givingstream.donation.DonationServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issue 14: the HTTP API describes itself (springdoc), its errors as RFC 9457 problems. */
class OpenApiIsServedTest extends DonationServiceTestSupport {

    @Autowired
    JsonMapper json;

    @Test
    void theApiDescriptionNamesEveryEndpointAndItsProblems() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = json.readTree(docs.body());
        assertThat(api.path("openapi").asString()).startsWith("3.");
        assertThat(api.path("paths").propertyNames())
                .contains(
                        "/webhooks/stripe",
                        "/webhooks/paypal",
                        "/webhooks/gocardless",
                        "/webhooks/standard/{source}",
                        "/api/campaigns/{campaignId}/offline-donations",
                        "/api/campaigns/{campaignId}/donations.csv",
                        "/api/campaigns/{campaignId}/gift-aid/schedule.csv",
                        "/api/donations/{donationId}");
        assertThat(api.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .propertyNames())
                .contains("type", "title", "status", "detail");
        for (JsonNode path : api.path("paths")) {
            for (JsonNode operation : path) {
                assertThat(operation
                                .path("responses")
                                .path("4XX")
                                .path("content")
                                .path("application/problem+json")
                                .path("schema")
                                .path("$ref")
                                .asString())
                        .isEqualTo("#/components/schemas/Problem");
            }
        }
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
