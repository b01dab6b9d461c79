package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        List<Long> raisedSeen = new CopyOnWriteArrayList<>();
        var request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/stream"))
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.io.InputStream> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("data:")) {
                        raisedSeen.add(json.readTree(line.substring(5))
                                .path("raised")
                                .path("minorUnits")
                                .asLong());
                    }
                }
            } catch (Exception streamClosed) {
                // the test is over
            }
        });
        try (var topic = new DonationTopic(json)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> raisedSeen.contains(0L));

            topic.publish(Donations.received(campaign, 1_234, "GBP"));

            await().atMost(Duration.ofSeconds(20)).until(() -> raisedSeen.contains(1_234L));
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    @Test
    void anUnknownCampaignHasNoStream() {
        assertThat(http.get("/api/campaigns/no-such-campaign/stream").status()).isEqualTo(404);
    }
}
