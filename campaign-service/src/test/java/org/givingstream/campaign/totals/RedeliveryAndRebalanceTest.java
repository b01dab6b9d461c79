package org.givingstream.campaign.totals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.givingstream.campaign.CampaignServiceApplication;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.Topics;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.binding.BindingsLifecycleController.State;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka's at-least-once against the totals: the group's committed offset set back over applied batches, and a second
 * instance joining and leaving the group while donations flow. Totals must come out exact every time.
 */
class RedeliveryAndRebalanceTest extends CampaignServiceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String GROUP = "campaign-service";
    private static final String BINDING = "applyDonation-in-0";

    private final Http http;
    private final DonationTopic topic;
    private final MeterRegistry meters;
    private final BindingsLifecycleController bindings;
    private final Admin admin = Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.shared().kafkaBootstrapServers()));

    RedeliveryAndRebalanceTest(
            @LocalServerPort int port, JsonMapper json, MeterRegistry meters, BindingsLifecycleController bindings) {
        this.http = new Http(port, json);
        this.topic = new DonationTopic(json);
        this.meters = meters;
        this.bindings = bindings;
    }

    @AfterEach
    void close() {
        topic.close();
        admin.close();
    }

    @Test
    void batchesRedeliveredFromAnOlderCommittedOffsetAreNotCountedAgain() throws Exception {
        String campaign = Donations.campaignId("redelivered");
        http.openCampaign(campaign, 100_000, "GBP");
        List<DonationEvent> applied = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            applied.add(donation(campaign, 1_000 + i, "donor" + (i % 2) + "@example.org"));
        }
        long firstOffset = topic.publish(applied.getFirst(), 0).offset();
        applied.subList(1, 5).forEach(event -> topic.publish(event, 0));
        await().atMost(PATIENCE).until(() -> donationCount(campaign) == 5);
        double duplicatesBefore = meters.counter("campaign.events.duplicates").count();

        // the consumer "dies" after applying but before committing: its committed offset is behind what it applied
        bindings.changeState(BINDING, State.STOPPED);
        try {
            await().atMost(PATIENCE).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(
                                GROUP,
                                Map.of(new TopicPartition(Topics.DONATIONS, 0), new OffsetAndMetadata(firstOffset)))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                return true;
            });
            topic.publish(applied.get(2), 0); // and the outbox republishes one of them at a new offset meanwhile
            topic.publish(donation(campaign, 7, "donor0@example.org"), 0);
        } finally {
            bindings.changeState(BINDING, State.STARTED);
        }

        await().atMost(PATIENCE).until(() -> donationCount(campaign) == 6);
        JsonNode summary = http.summary(campaign);
        assertThat(summary.path("raised").path("minorUnits").asLong())
                .isEqualTo(1_000 + 1_001 + 1_002 + 1_003 + 1_004 + 7);
        assertThat(summary.path("donorCount").asLong()).isEqualTo(2);
        assertThat(meters.counter("campaign.events.duplicates").count()).isGreaterThanOrEqualTo(duplicatesBefore + 6);
    }

    @Test
    void totalsStayExactWhileASecondInstanceJoinsAndLeavesTheGroup() throws Exception {
        List<String> campaigns = new ArrayList<>();
        for (int partition = 0; partition < 3; partition++) {
            String campaign = Donations.campaignId("rebalance-p" + partition);
            http.openCampaign(campaign, 1_000_000, "GBP");
            campaigns.add(campaign);
        }
        Map<String, Long> expectedRaised = new ConcurrentHashMap<>();
        Map<String, Long> expectedCount = new ConcurrentHashMap<>();
        AtomicInteger rounds = new AtomicInteger();
        ScheduledExecutorService flow = Executors.newSingleThreadScheduledExecutor();
        // donations keep flowing, one per campaign every 200 ms, each published twice (the outbox's at-least-once);
        // campaign i stays on partition i, as keying by campaign id would keep it on one partition
        flow.scheduleAtFixedRate(
                () -> {
                    int round = rounds.get();
                    for (int i = 0; i < campaigns.size(); i++) {
                        String campaign = campaigns.get(i);
                        DonationEvent event = donation(campaign, 100 + round, "donor" + (round % 4) + "@example.org");
                        topic.publish(event, i);
                        topic.publish(event, i);
                        expectedRaised.merge(campaign, event.amount().minorUnits(), Long::sum);
                        expectedCount.merge(campaign, 1L, Long::sum);
                    }
                    rounds.incrementAndGet();
                },
                0,
                200,
                TimeUnit.MILLISECONDS);

        try (ConfigurableApplicationContext second = secondInstance()) {
            await().atMost(PATIENCE).until(() -> members() == 2);
            int joinedAt = rounds.get();
            await().atMost(PATIENCE).until(() -> rounds.get() >= joinedAt + 10);
            MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
            await().atMost(PATIENCE)
                    .until(() -> secondMeters.counter("campaign.events.applied").count() > 0);
        }
        await().atMost(PATIENCE).until(() -> members() == 1);
        int leftAt = rounds.get();
        await().atMost(PATIENCE).until(() -> rounds.get() >= leftAt + 10);
        flow.shutdown();
        assertThat(flow.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        for (String campaign : campaigns) {
            JsonNode summary = await().atMost(PATIENCE)
                    .until(
                            () -> http.summary(campaign),
                            s -> s.path("donationCount").asLong() == expectedCount.get(campaign));
            assertThat(summary.path("raised").path("minorUnits").asLong()).isEqualTo(expectedRaised.get(campaign));
            assertThat(summary.path("donorCount").asLong()).isEqualTo(4);
        }
    }

    /** Another campaign-service in the same group, on the same broker and database, as a second pod would be. */
    private static ConfigurableApplicationContext secondInstance() {
        var arguments = new ArrayList<>(Infrastructure.shared().arguments(DATABASE));
        arguments.addAll(List.of("--server.port=0", "--campaigns.ops.token=" + OPS_TOKEN));
        return new SpringApplicationBuilder(CampaignServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private int members() throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP))
                .describedGroups()
                .get(GROUP)
                .get(10, TimeUnit.SECONDS);
        Collection<MemberDescription> members = group.members();
        boolean settled = group.groupState() == GroupState.STABLE
                && members.stream()
                        .allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        return settled ? members.size() : -1;
    }

    private long donationCount(String campaign) {
        return http.summary(campaign).path("donationCount").asLong();
    }

    private static DonationEvent donation(String campaign, long amount, String email) {
        return Donations.event(
                DonationEventTypes.RECEIVED,
                campaign,
                Money.of(amount, "GBP"),
                false,
                new Donor("Someone", email, false),
                null,
                Donations.now());
    }
}
