package org.givingstream.campaign.milestone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch path checks milestones from the totals its update produced, with the thresholds it read a moment
 * before: a reading that missed a threshold recorded meanwhile must not record it twice.
 */
class StaleMilestoneReadingTest extends CampaignServiceTest {

    private final Milestones milestones;
    private final MongoTemplate mongo;
    private final Http http;
    private final JsonMapper json;

    StaleMilestoneReadingTest(Milestones milestones, MongoTemplate mongo, @LocalServerPort int port, JsonMapper json) {
        this.milestones = milestones;
        this.mongo = mongo;
        this.http = new Http(port, json);
        this.json = json;
    }

    @Test
    void aThresholdIsRecordedOnceEvenFromAStaleReading() {
        String campaign = Donations.campaignId("stale-milestone");
        http.openCampaign(campaign, 10_000, "GBP");

        milestones.recordReached(campaign, 5_000, 10_000, Set.of());
        milestones.recordReached(campaign, 5_100, 10_000, Set.of()); // read before the first was recorded
        milestones.recordReached(campaign, 7_400, 10_000, Set.of(25, 50));

        Document stored = mongo.getCollection("campaigns").find(new Document("_id", campaign)).first();
        assertThat(stored.getList("milestonesReached", Integer.class)).containsExactlyInAnyOrder(25, 50);
        List<ConsumerRecord<String, String>> published = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.MILESTONES,
                record -> campaign.equals(record.key()),
                found -> found.size() > 2,
                Duration.ofSeconds(6));
        assertThat(published).extracting(record -> json.readTree(record.value()).path("threshold").asInt())
                .containsExactly(25, 50);
    }
}
