package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's Server-Sent Events: the current summary at once, then every change without asking again. */
class LiveSummaryStreamTest extends CampaignServiceTest {

    private final int port;
    private final Http http;
    private final JsonMapper json;

    LiveSummaryStreamTest(@LocalServerPort int port, JsonMapper json) {
        this.port = port;
        this.http = new Http(port, json);
        this.json = json;
    }

    @Test
    void aDonationReachesAnOpenStreamWithoutReloading() throws Exception {
        String campaign = Donations.campaignId("stream");
        http.openCampaign(campaign, 10_000, "GBP");
        String url = "http://localhost:" + port + "/api/campaigns/" + campaign + "/stream";
        try (var stream = new EventStream(url, json);
                var topic = new DonationTopic(json)) {
            // only the summary events: the stream also sends "status" events, which carry no total
            await().atMost(Duration.ofSeconds(10)).until(() -> raisedIn(stream).contains(0L));

            topic.publish(Donations.received(campaign, 1_234, "GBP"));

            await().atMost(Duration.ofSeconds(20)).until(() -> raisedIn(stream).contains(1_234L));
        }
    }

    @Test
    void theStreamIsAnEventStream() throws Exception {
        String campaign = Donations.campaignId("stream-type");
        http.openCampaign(campaign, 10_000, "GBP");
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/stream"))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var body = response.body()) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        }
    }

    private static List<Long> raisedIn(EventStream stream) {
        // the event name as the dashboard page listens for it (dashboard.html), not the constant
        return stream.named("summary").stream()
                .map(summary -> summary.path("raised").path("minorUnits").asLong(-1))
                .toList();
    }

    @Test
    void anUnknownCampaignHasNoStream() {
        assertThat(http.get("/api/campaigns/no-such-campaign/stream").status()).isEqualTo(404);
    }
}
