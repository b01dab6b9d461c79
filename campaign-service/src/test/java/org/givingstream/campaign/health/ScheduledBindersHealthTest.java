package org.givingstream.campaign.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.KafkaClientRequests;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration.BindersHealthContributor;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/health} answers the binder's state from its last scheduled check: however often it is asked, the
 * binder's metadata client sends the broker nothing until the next check (the tests' schedule is 1 h, so only the
 * check this test makes counts).
 */
class ScheduledBindersHealthTest extends CampaignServiceTest {

    private final Http http;
    private final BindersHealthContributor binders;

    ScheduledBindersHealthTest(@LocalManagementPort int port, JsonMapper json, BindersHealthContributor binders) {
        this.http = new Http(port, json);
        this.binders = binders;
    }

    @Test
    void healthRequestsAreAnsweredFromTheLastCheckAndACheckAsksTheBroker() {
        assertThat(binders).isInstanceOf(ScheduledBindersHealth.class);
        HealthIndicator kafka = (HealthIndicator) binders.getContributor("kafka");
        assertThat(kafka.health().getStatus()).isEqualTo(Status.UP);
        long before = healthClientRequests();

        for (int i = 0; i < 20; i++) {
            http.get("/actuator/health"); // every contributor is asked, whatever the answer shows
            assertThat(kafka.health().getStatus()).isEqualTo(Status.UP);
        }
        long afterRequests = healthClientRequests();
        ((ScheduledBindersHealth) binders).check();

        // asked per request, the binder would send one metadata request per topic in use each time (60 or more);
        // the client may send one or two of its own (connection upkeep), never one per request
        assertThat(afterRequests - before).isLessThan(5);
        assertThat(healthClientRequests()).isGreaterThan(afterRequests);
    }

    @Test
    void theBindersLagGaugeIsReadFromItsBackgroundScheduleNotFromTheBroker() {
        String gauge = "/actuator/metrics/spring.cloud.stream.binder.kafka.offset?tag=group:campaign-service";
        assertThat(http.get(gauge).status()).isEqualTo(200);
        long before = monitoringClientRequests();

        for (int i = 0; i < 20; i++) {
            assertThat(http.get(gauge).status()).isEqualTo(200);
        }

        // computed per read, each read would cost four requests (partitions, end, committed and first offsets): 80;
        // the background schedule (every 5 s) adds at most a few while the loop runs
        assertThat(monitoringClientRequests() - before).isLessThan(20);
    }

    /**
     * The binder's lag gauge reads offsets with a consumer of the group that never fetches, unlike the group's
     * real consumer.
     */
    private static long monitoringClientRequests() {
        Map<String, Long> fetches = KafkaClientRequests.fetches();
        return KafkaClientRequests.byClientId("consumer").entrySet().stream()
                .filter(client -> client.getKey().startsWith("consumer-campaign-service-"))
                .filter(client -> fetches.getOrDefault(client.getKey(), 0L) == 0)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The binder's health indicator reads metadata with a consumer of no group, client id "consumer-null-n". */
    private static long healthClientRequests() {
        return KafkaClientRequests.byClientId("consumer").entrySet().stream()
                .filter(client -> client.getKey().startsWith("consumer-null-"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
