package org.givingstream.campaign.announcement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.bson.Document;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CampaignIsAnnouncedTest extends CampaignServiceTest {

    private final Http http;
    private final MongoTemplate mongo;
    private final JsonMapper json;

    private final AnnounceAgainOnNewSchema upgrade;

    CampaignIsAnnouncedTest(
            @LocalServerPort int port, MongoTemplate mongo, JsonMapper json, AnnounceAgainOnNewSchema upgrade) {
        this.http = new Http(port, json);
        this.mongo = mongo;
        this.json = json;
        this.upgrade = upgrade;
    }

    @Test
    void anOpenedCampaignIsPublishedOnceKeyedByItsId() {
        String id = "announced-" + UUID.randomUUID().toString().substring(0, 8);

        http.openCampaign(id, 5_000_000, "GBP");

        var records = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.CAMPAIGNS,
                record -> id.equals(record.key()),
                found -> found.size() > 1,
                Duration.ofSeconds(4));
        assertThat(records).hasSize(1);
        JsonNode event = json.readTree(records.getFirst().value());
        assertThat(event.path("type").asString()).isEqualTo("campaign.opened");
        assertThat(event.path("revision").asLong()).isEqualTo(1);
        assertThat(event.path("target").path("minorUnits").asLong()).isEqualTo(5_000_000);
        assertThat(event.path("status").asString()).isEqualTo("OPEN");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> mongo.exists(
                        Query.query(
                                Criteria.where("_id").is(id).and("announced").is(true)),
                        "campaigns"));
    }

    /**
     * Issue 14: a campaign announced before schema version 3 (so without its organiser token's hash) gets a new
     * revision at start and is announced again with the hash: its organiser keeps working in the other services.
     */
    @Test
    void aCampaignAnnouncedUnderAnOlderSchemaIsAnnouncedAgainWithItsTokenHash() {
        String id = "old-schema-" + UUID.randomUUID().toString().substring(0, 8);
        String token = http.openCampaign(id, 100_000, "GBP");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(
                        mongo.findById(id, Document.class, "campaigns").getBoolean("announced")));
        // as an instance before schema version 3 left it: announced, with no record of the version
        mongo.getCollection("campaigns")
                .updateOne(new Document("_id", id), new Document("$unset", new Document("announcedSchema", "")));
        String hash = mongo.findById(id, Document.class, "campaigns").getString("organiserTokenHash");
        assertThat(hash).hasSize(64);
        assertThat(token).isNotBlank();

        assertThat(upgrade.upgrade()).isGreaterThanOrEqualTo(1);
        assertThat(upgrade.upgrade()).isZero(); // once per schema version, however often it runs

        var records = TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.CAMPAIGNS,
                record -> id.equals(record.key())
                        && json.readTree(record.value()).path("revision").asLong() == 2,
                found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        JsonNode event = json.readTree(records.getFirst().value());
        assertThat(event.path("schemaVersion").asInt()).isEqualTo(3);
        assertThat(event.path("organiserTokenHash").asString()).isEqualTo(hash);
    }
}
