package org.givingstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Opens campaigns on a local stack as its platform administrator ({@link StackConfig#LOCAL_ADMIN_TOKEN}), the way the
 * README's walkthrough does with curl: for the demo, the bench and the stack's tests.
 */
public final class CampaignOpener {

    private final HttpClient http;
    private final String campaignsUrl;

    public CampaignOpener(HttpClient http, StackConfig config) {
        this.http = http;
        this.campaignsUrl = config.campaignUrl() + "/api/campaigns";
    }

    /** {@code POST /api/campaigns} with {@code json} as the body; the answer holds the organiser token on a 201. */
    public HttpResponse<String> open(String json) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(campaignsUrl))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + StackConfig.LOCAL_ADMIN_TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
