package org.givingstream.campaign.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import tools.jackson.databind.JsonNode;

/** Follows background jobs through the operators' API. */
final class JobsApi {

    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Http http;
    private final String bearer;

    JobsApi(Http http, String opsToken) {
        this.http = http;
        this.bearer = "Bearer " + opsToken;
    }

    /** Starts a job with {@code POST path}, which must be accepted, and follows it to its end. */
    JsonNode run(String path) {
        Response started = http.post(path, "Authorization", bearer);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        return follow(started.json().path("href").asString()).getLast();
    }

    /** Polls the job until it ends, returning every state seen, the last one ended. */
    List<JsonNode> follow(String href) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(25)).until(() -> {
            JsonNode job = job(href);
            seen.add(job);
            return !job.path("state").asString().equals("running");
        });
        return seen;
    }

    JsonNode job(String href) {
        Response response = http.get(href, "Authorization", bearer);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
