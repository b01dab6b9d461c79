package org.givingstream.campaign;

import java.util.Map;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.RealInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one Spring context of this module's tests, on the real Kafka broker and MongoDB server.
 *
 * <p>Every test class extends this one and declares no other context configuration, so they all share a single
 * cached context. That matters: each context runs a consumer in the {@code campaign-service} group, and two
 * contexts with different databases would split the topic's partitions between them.
 * Tests isolate themselves by using their own campaign ids instead.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CampaignServiceTest {

    public static final String DATABASE = "campaigns-test";
    /** The operators' bearer token of the test instances (reconciliation, repair, rebuild). */
    public static final String OPS_TOKEN = "test-ops-token-0123456789";
    /** The platform administrator's bearer token of the test instances: it opens campaigns. */
    public static final String ADMIN_TOKEN = "test-admin-token-abcdefghij";

    public static final int MAX_VIEWERS = 40;
    public static final int MAX_VIEWERS_PER_CAMPAIGN = 5;

    /** Background jobs beat, checkpoint and are found lost quickly enough for a test to watch (defaults 5s, 1s, 30s). */
    public static final Map<String, String> JOBS = Map.of(
            "campaigns.jobs.heartbeat", "500ms",
            "campaigns.jobs.progress-every", "50ms",
            "campaigns.jobs.stale-after", "3s");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry r) {
        Infrastructure.shared().register(r, DATABASE);
        r.add("campaigns.ops.token", () -> OPS_TOKEN);
        r.add("campaigns.admin.token", () -> ADMIN_TOKEN);
        // actuator on a port of its own, as in production; any free one here (read it with @LocalManagementPort)
        r.add("management.server.port", () -> 0);
        // the tests present wrong tokens on purpose, all from one address (http-guard's own test checks throttling)
        r.add("giving.http.auth-failures.per-minute", () -> 100_000);
        // the binder's health is checked when a test says so (ScheduledBindersHealthTest), not behind its back
        r.add("campaigns.health.binder-check-every", () -> "1h");
        // dashboard stream limits small enough to reach in a test (defaults: 1,000 viewers, 500 per campaign)
        r.add("campaigns.dashboard.stream.max-viewers", () -> MAX_VIEWERS);
        r.add("campaigns.dashboard.stream.max-viewers-per-campaign", () -> MAX_VIEWERS_PER_CAMPAIGN);
        r.add("campaigns.dashboard.stream.viewer-queue", () -> 4);
        r.add("campaigns.dashboard.stream.heartbeat", () -> "1s");
        JOBS.forEach((name, value) -> r.add(name, () -> value));
    }
}
