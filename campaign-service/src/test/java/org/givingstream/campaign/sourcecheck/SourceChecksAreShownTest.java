package org.givingstream.campaign.sourcecheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.SourceCheckEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A giving page's totals against our count, from giving.source-checks.v1 to the public summary and dashboard. */
class SourceChecksAreShownTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Http http;
    private final JsonMapper json;
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));

    SourceChecksAreShownTest(@LocalServerPort int port, JsonMapper json) {
        this.http = new Http(port, json);
        this.json = json;
    }

    @AfterEach
    void close() {
        producer.close();
    }

    @Test
    void theNewestCheckOfEachPageIsShownAndALateOlderOneChangesNothing() throws Exception {
        String campaign = Donations.campaignId("checks");
        http.openCampaign(campaign, 5_000_000, "GBP");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        publish(check(campaign, "james-page", 5_550, 4_060, false, now));
        publish(check(campaign, "james-page", 4_060, 4_060, true, now.minusSeconds(60))); // older, arrives late
        publish(check(campaign, "grandmas-page", 1_000, 1_000, true, now));

        JsonNode shown = await().atMost(PATIENCE)
                .until(() -> http.summary(campaign).path("sourceChecks"), checks -> checks.size() == 2);
        JsonNode grandmas = shown.get(0);
        JsonNode james = shown.get(1);
        assertThat(grandmas.path("page").asString()).isEqualTo("grandmas-page");
        assertThat(grandmas.path("agrees").asBoolean()).isTrue();
        assertThat(james.path("page").asString()).isEqualTo("james-page");
        assertThat(james.path("source").asString()).isEqualTo("justgiving");
        assertThat(james.path("agrees").asBoolean())
                .as("the older check did not overwrite the newer")
                .isFalse();
        assertThat(james.path("theirs").path("minorUnits").asLong()).isEqualTo(5_550);
        assertThat(james.path("ours").path("minorUnits").asLong()).isEqualTo(4_060);

        publish(check(campaign, "james-page", 5_550, 5_550, true, now.plusSeconds(60)));
        await().atMost(PATIENCE)
                .until(() -> http.summary(campaign)
                        .path("sourceChecks")
                        .get(1)
                        .path("agrees")
                        .asBoolean());
    }

    @Test
    void anUnreadableCheckIsParkedAndTheNextOneStillApplies() throws Exception {
        String campaign = Donations.campaignId("checks-poison");
        http.openCampaign(campaign, 5_000_000, "GBP");
        String poison = "{\"campaignId\":\"" + campaign + "\",\"page\":\"../$where\",\"not\":\"a check\"}";
        producer.send(new ProducerRecord<>(Topics.SOURCE_CHECKS, campaign, poison))
                .get(10, TimeUnit.SECONDS);
        publish(check(
                campaign, "after-the-poison", 200, 100, false, Instant.now().truncatedTo(ChronoUnit.MILLIS)));

        await().atMost(PATIENCE)
                .until(() -> http.summary(campaign).path("sourceChecks").size() == 1);
        try (var dlq = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "source-checks-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            dlq.subscribe(java.util.List.of(Topics.SOURCE_CHECKS_DLQ));
            java.util.List<String> parked = new java.util.ArrayList<>();
            await().atMost(PATIENCE).until(() -> {
                dlq.poll(Duration.ofMillis(250)).forEach(r -> parked.add(r.value()));
                return parked.contains(poison);
            });
        }
    }

    private static SourceCheckEvent check(
            String campaign, String page, long theirs, long ours, boolean agrees, Instant at) {
        return new SourceCheckEvent(
                UUID.randomUUID().toString(),
                SourceCheckEvent.SCHEMA_VERSION,
                campaign,
                "justgiving",
                page,
                Money.of(theirs, "GBP"),
                Money.of(ours, "GBP"),
                agrees,
                at);
    }

    private void publish(SourceCheckEvent check) throws Exception {
        producer.send(new ProducerRecord<>(Topics.SOURCE_CHECKS, check.campaignId(), json.writeValueAsString(check)))
                .get(10, TimeUnit.SECONDS);
    }
}
