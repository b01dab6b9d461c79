package org.givingstream.campaign.milestone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** Each threshold a campaign reaches is published once, however often the donations that reach it arrive. */
class MilestonesAreAnnouncedOnceTest extends CampaignServiceTest {

    private final Http http;
    private final DonationTopic topic;
    private final JsonMapper json;

    MilestonesAreAnnouncedOnceTest(@LocalServerPort int port, JsonMapper json) {
        this.http = new Http(port, json);
        this.topic = new DonationTopic(json);
        this.json = json;
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void crossingTwentyFiveAndFiftyPercentPublishesOneEventEach() {
        String campaign = Donations.campaignId("milestones");
        http.openCampaign(campaign, 10_000, "GBP");
        DonationEvent first = Donations.received(campaign, 2_600, "GBP");

        topic.publish(first);
        topic.publish(first); // republished by the producer's outbox
        topic.publish(Donations.received(campaign, 2_500, "GBP"));
        topic.publish(Donations.received(campaign, 100, "GBP"));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                http.summary(campaign).path("milestonesReached").toString())
                        .isEqualTo("[25,50]"));
        List<ConsumerRecord<String, String>> published = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.MILESTONES,
                record -> campaign.equals(record.key()),
                found -> found.size() > 2,
                Duration.ofSeconds(6));
        assertThat(published)
                .extracting(record ->
                        json.readTree(record.value()).path("threshold").asInt())
                .containsExactly(25, 50);
        assertThat(json.readTree(published.getFirst().value())
                        .path("raised")
                        .path("minorUnits")
                        .asLong())
                .isEqualTo(2_600);
    }
}
