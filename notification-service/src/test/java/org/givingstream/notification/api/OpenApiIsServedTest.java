package org.givingstream.notification.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issue 14: the HTTP API describes itself (springdoc), its errors as RFC 9457 problems. */
class OpenApiIsServedTest extends NotificationServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theApiDescriptionNamesEveryEndpointAndItsProblems() throws Exception {
        HttpResponse<String> docs = get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = JsonMapper.builder().build().readTree(docs.body());
        assertThat(api.path("paths").propertyNames())
                .contains("/api/notifications", "/api/notifications/{id}/resend", "/organiser-addresses/confirm");
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
