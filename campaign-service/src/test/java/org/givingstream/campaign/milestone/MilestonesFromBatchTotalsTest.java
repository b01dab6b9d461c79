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
 * The batch path checks milestones from the totals its update produced (the total after each event of the batch),
 * with the thresholds it read a moment before: each threshold is recorded with the total that crossed it, and a
 * reading that missed a threshold recorded meanwhile does not record it twice.
 */
class MilestonesFromBatchTotalsTest extends CampaignServiceTest {

    private final Milestones milestones;
    private final MongoTemplate mongo;
    private final Http http;
    private final JsonMapper json;

    MilestonesFromBatchTotalsTest(
            Milestones milestones, MongoTemplate mongo, @LocalServerPort int port, JsonMapper json) {
        this.milestones = milestones;
        this.mongo = mongo;
        this.http = new Http(port, json);
        this.json = json;
    }

    @Test
    void aThresholdIsRecordedOnceEvenFromAStaleReading() {
        String campaign = Donations.campaignId("stale-milestone");
        http.openCampaign(campaign, 10_000, "GBP");

        milestones.recordReached(campaign, List.of(0L, 2_400L, 2_600L, 5_000L), 10_000, Set.of());
        milestones.recordReached(
                campaign, List.of(5_000L, 5_100L), 10_000, Set.of()); // read before those were recorded
        milestones.recordReached(campaign, List.of(5_100L, 7_400L), 10_000, Set.of(25, 50));

        Document stored = mongo.getCollection("campaigns")
                .find(new Document("_id", campaign))
                .first();
        assertThat(stored.getList("milestonesReached", Integer.class)).containsExactlyInAnyOrder(25, 50);
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
        // each with the total that crossed it inside the batch, not the batch's final total
        assertThat(published)
                .extracting(record -> json.readTree(record.value())
                        .path("raised")
                        .path("minorUnits")
                        .asLong())
                .containsExactly(2_600L, 5_000L);
    }
}
