package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, point 5. Before, one scheduler thread wrote every update to every viewer in turn, with no cap: a viewer
 * whose connection stopped taking data stalled every dashboard, and viewers could open streams without limit. The
 * limits here are the test context's (CampaignServiceTest); the defaults are 1,000 and 500.
 */
class DashboardViewersAreBoundedTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port;
    private final Http http;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final DonationTopic topic;
    private final List<AutoCloseable> open = new ArrayList<>();

    DashboardViewersAreBoundedTest(@LocalServerPort int port, JsonMapper json, MeterRegistry meters) {
        this.port = port;
        this.http = new Http(port, json);
        this.json = json;
        this.meters = meters;
        this.topic = new DonationTopic(json);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        topic.close();
    }

    @Test
    void aViewerThatNeverReadsDoesNotHoldUpAnother() throws Exception {
        String campaign = Donations.campaignId("stream-slow");
        http.openCampaign(campaign, 100_000_000, "GBP");
        // big summaries (ten recent donations with long names) fill the silent viewer's connection in a few pushes
        String longName = "N".repeat(5_000);
        for (int i = 0; i < 10; i++) {
            topic.publish(Donations.event(
                    DonationEventTypes.RECEIVED,
                    campaign,
                    Money.of(100, "GBP"),
                    false,
                    new Donor(longName + i, null, false),
                    null,
                    Donations.now()));
        }
        await().atMost(PATIENCE)
                .until(() -> http.summary(campaign).path("donationCount").asLong() == 10);
        double droppedBefore = dropped();

        Socket silent = new Socket();
        silent.setReceiveBufferSize(1024); // and never read from it
        silent.connect(new InetSocketAddress("127.0.0.1", port));
        open.add(silent);
        OutputStream request = silent.getOutputStream();
        request.write(("GET /api/campaigns/" + campaign + "/stream HTTP/1.1\r\nHost: localhost\r\n"
                        + "Accept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.flush();
        AtomicLong raisedSeen = follow(campaign);

        long raised = 1_000;
        for (int i = 0; i < 40; i++) { // each donation changes the summary: one big push to each viewer
            topic.publish(Donations.event(
                    DonationEventTypes.RECEIVED,
                    campaign,
                    Money.of(100, "GBP"),
                    false,
                    new Donor(longName + "x" + i, null, false),
                    null,
                    Donations.now()));
            raised += 100;
            long expected = raised;
            await().atMost(PATIENCE).until(() -> raisedSeen.get() == expected);
        }

        assertThat(dropped())
                .as("the silent viewer was dropped once its queue was full")
                .isGreaterThan(droppedBefore);
    }

    @Test
    void viewersBeyondTheCapsGet503AndAFreedSlotIsReused() throws Exception {
        String campaign = Donations.campaignId("stream-cap");
        http.openCampaign(campaign, 10_000, "GBP");
        List<HttpResponse<InputStream>> streams = new ArrayList<>();
        for (int i = 0; i < MAX_VIEWERS_PER_CAMPAIGN; i++) {
            HttpResponse<InputStream> stream = stream(campaign);
            assertThat(stream.statusCode()).isEqualTo(200);
            streams.add(stream);
        }

        HttpResponse<String> refused = refusedStream(campaign);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(json.readTree(refused.body()).path("type").asString())
                .isEqualTo("urn:giving-stream:problem:too-many-viewers");

        streams.getFirst().body().close(); // the viewer leaves; the next heartbeat finds the closed connection
        await().atMost(PATIENCE).until(() -> {
            HttpResponse<InputStream> again = stream(campaign);
            if (again.statusCode() == 200) {
                return true;
            }
            again.body().close();
            return false;
        });

        // and the instance-wide cap, over as many campaigns as it takes (other tests' streams may still be open)
        HttpResponse<String> lastRefusal = null;
        for (int i = 0; i < MAX_VIEWERS + 1 && lastRefusal == null; i++) {
            String other = Donations.campaignId("stream-cap-all");
            http.openCampaign(other, 10_000, "GBP");
            for (int j = 0; j < MAX_VIEWERS_PER_CAMPAIGN - 1 && lastRefusal == null; j++) {
                HttpResponse<InputStream> stream = stream(other);
                if (stream.statusCode() == 503) {
                    lastRefusal = refusedStream(other);
                    stream.body().close();
                }
            }
        }
        assertThat(lastRefusal).isNotNull();
        assertThat(lastRefusal.statusCode()).isEqualTo(503);
        assertThat(json.readTree(lastRefusal.body()).path("detail").asString())
                .contains("All " + MAX_VIEWERS + " dashboard streams are in use");
    }

    /** Reads a stream in the background; returns the last {@code raised} it saw. */
    private AtomicLong follow(String campaign) throws Exception {
        AtomicLong raised = new AtomicLong(-1);
        HttpResponse<InputStream> response = stream(campaign);
        Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = "";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:") && event.equals("summary")) {
                        raised.set(json.readTree(line.substring(5))
                                .path("raised")
                                .path("minorUnits")
                                .asLong());
                    }
                }
            } catch (Exception closed) {
                // the test is over
            }
        });
        return raised;
    }

    private HttpResponse<InputStream> stream(String campaign) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        open.add(client::shutdownNow); // close() would wait for the stream to end, which it never does
        HttpResponse<InputStream> response = client.send(request(campaign), HttpResponse.BodyHandlers.ofInputStream());
        open.add(response.body());
        return response;
    }

    private HttpResponse<String> refusedStream(String campaign) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request(campaign), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpRequest request(String campaign) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/stream"))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private double dropped() {
        var counter = meters.find("campaign.dashboard.viewers.dropped").counter();
        return counter == null ? 0 : counter.count();
    }
}
