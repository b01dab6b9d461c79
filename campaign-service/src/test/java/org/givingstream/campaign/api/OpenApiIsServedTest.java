package org.givingstream.campaign.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issue 14: the HTTP API describes itself (springdoc), its errors as RFC 9457 problems. */
class OpenApiIsServedTest extends CampaignServiceTest {

    private final Http http;

    OpenApiIsServedTest(@LocalServerPort int port, JsonMapper json) {
        this.http = new Http(port, json);
    }

    @Test
    void theApiDescriptionNamesEveryEndpointAndItsProblems() {
        Response docs = http.get("/v3/api-docs");

        assertThat(docs.status()).isEqualTo(200);
        JsonNode api = docs.json();
        assertThat(api.path("paths").propertyNames())
                .contains(
                        "/api/campaigns",
                        "/api/campaigns/{id}",
                        "/api/campaigns/{id}/close",
                        "/api/campaigns/{id}/organiser-token",
                        "/api/campaigns/{id}/reconciliation");
        // the organiser's and the administrator's tokens come from the Authorization header, not from the query
        assertThat(docs.body()).doesNotContain("\"in\":\"query\"");
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
        assertThat(http.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
