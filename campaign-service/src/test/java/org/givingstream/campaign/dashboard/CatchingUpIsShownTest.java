package org.givingstream.campaign.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The lag of the real {@code campaign-service} group reaches open dashboards. To fall behind for sure, the test
 * stops this app's donations binding (its consumer leaves the group), publishes more than the threshold, and
 * starts it again.
 */
class CatchingUpIsShownTest extends CampaignServiceTest {

    private static final String BINDING = "applyDonation-in-0";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final int port;
    private final Http http;
    private final Http actuator;
    private final JsonMapper json;
    private final BindingsLifecycleController bindings;

    CatchingUpIsShownTest(
            @LocalServerPort int port,
            @LocalManagementPort int managementPort,
            JsonMapper json,
            BindingsLifecycleController bindings) {
        this.actuator = new Http(managementPort, json);
        this.port = port;
        this.http = new Http(port, json);
        this.json = json;
        this.bindings = bindings;
    }

    @Test
    void dashboardsAreToldWhileTheTotalsCatchUpAndWhenTheyHave() throws Exception {
        String campaign = Donations.campaignId("lag");
        http.openCampaign(campaign, 1_000_000, "GBP");
        try (var stream = new EventStream(streamUrl(campaign), json);
                var topic = new DonationTopic(json)) {
            await().atMost(PATIENCE).until(() -> caughtUp(stream.last(SummaryStream.STATUS)));

            bindings.changeState(BINDING, State.STOPPED);
            try {
                for (int i = 0; i < 60; i++) {
                    topic.publish(Donations.received(campaign, 100, "GBP"));
                }
                await().atMost(PATIENCE).untilAsserted(() -> {
                    JsonNode status = stream.last(SummaryStream.STATUS);
                    assertThat(status.path("catchingUp").asBoolean())
                            .as(status.toString())
                            .isTrue();
                    assertThat(status.path("lag").asLong()).isGreaterThanOrEqualTo(60);
                });
                assertThat(lagGauge()).isGreaterThanOrEqualTo(60);
                assertThat(http.summary(campaign)
                                .path("raised")
                                .path("minorUnits")
                                .asLong())
                        .isZero();
            } finally {
                bindings.changeState(BINDING, State.STARTED);
            }

            // the restarted consumer rejoins the group first: on a loaded machine that rebalance alone can take a while
            await().atMost(PATIENCE.multipliedBy(3)).untilAsserted(() -> {
                JsonNode status = stream.last(SummaryStream.STATUS);
                assertThat(caughtUp(status)).as("caught up, status " + status).isTrue();
            });
            assertThat(stream.last(SummaryStream.SUMMARY)
                            .path("raised")
                            .path("minorUnits")
                            .asLong())
                    .isEqualTo(6_000);
        }
    }

    private static boolean caughtUp(JsonNode status) {
        return status != null
                && !status.path("catchingUp").asBoolean(true)
                && status.path("lag").asLong(-1) == 0;
    }

    private double lagGauge() {
        JsonNode metric = actuator.get("/actuator/metrics/" + CatchUpMonitor.GAUGE + "?tag=group:campaign-service")
                .json();
        return metric.path("measurements").get(0).path("value").asDouble();
    }

    private String streamUrl(String campaign) {
        return "http://localhost:" + port + "/api/campaigns/" + campaign + "/stream";
    }
}
