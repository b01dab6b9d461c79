package org.givingstream.campaign.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.givingstream.campaign.CampaignServiceTest;
import org.givingstream.campaign.DonationTopic;
import org.givingstream.campaign.Donations;
import org.givingstream.campaign.Http;
import org.givingstream.campaign.Http.Response;
import org.givingstream.campaign.campaigns.Campaign;
import org.givingstream.campaign.campaigns.Campaigns;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.json.JsonMapper;

/** Cheap public reads: conditional GETs over HTTP, and one MongoDB read for a crowd of viewers. */
class SummaryCachingTest extends CampaignServiceTest {

    private final Http http;
    private final JsonMapper json;
    private final Clock clock;

    SummaryCachingTest(@LocalServerPort int port, JsonMapper json, Clock clock) {
        this.http = new Http(port, json);
        this.json = json;
        this.clock = clock;
    }

    @Test
    void aMatchingETagIsNotModifiedUntilADonationIsCounted() {
        String id = Donations.campaignId("etag");
        http.openCampaign(id, 10_000, "GBP");

        Response first = http.get("/api/campaigns/" + id);
        String etag = first.header("ETag");
        Response unchanged = http.get("/api/campaigns/" + id, "If-None-Match", etag);

        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\""); // strong: no W/ prefix
        assertThat(first.header("Cache-Control")).contains("public", "max-age=1");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(http.get("/api/campaigns/" + id, "If-None-Match", "\"something-else\"")
                        .status())
                .isEqualTo(200);

        try (var topic = new DonationTopic(json)) {
            topic.publish(Donations.received(id, 700, "GBP"));
        }
        Response counted = await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/api/campaigns/" + id, "If-None-Match", etag), r -> r.status() == 200);
        assertThat(counted.header("ETag")).isNotEqualTo(etag);
        assertThat(counted.json().path("raised").path("minorUnits").asLong()).isEqualTo(700);
        assertThat(http.get("/api/campaigns/" + id, "If-None-Match", counted.header("ETag"))
                        .status())
                .isEqualTo(304);
    }

    @Test
    void aChangeByTheOrganiserChangesTheETagAtOnce() {
        String id = Donations.campaignId("etag-change");
        String token = http.openCampaign(id, 10_000, "GBP");
        String before = http.get("/api/campaigns/" + id).header("ETag");

        http.patchJson("/api/campaigns/" + id, token, "{\"title\": \"Café Été\"}");
        Response after = http.get("/api/campaigns/" + id, "If-None-Match", before);

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().path("title").asString()).isEqualTo("Café Été"); // the cached bytes are UTF-8
    }

    @Test
    void aCrowdOfViewersCostsOneReadUntilInvalidated() throws Exception {
        String id = Donations.campaignId("crowd");
        http.openCampaign(id, 10_000, "GBP");
        var reads = new AtomicInteger();
        try (MongoClient client = countingClient(id, reads)) {
            MongoTemplate mongo = new MongoTemplate(client, new ConnectionString(mongoUri()).getDatabase());
            // an hour of freshness: nothing but invalidation may cause a second read
            var cache = new SummaryCache(new Campaigns(mongo, clock), json, new SummaryProperties(Duration.ofHours(1)));

            List<CachedSummary> seen = crowd(100, () -> cache.get(id));
            assertThat(reads).hasValue(1);
            assertThat(seen)
                    .extracting(CachedSummary::etag)
                    .containsOnly(seen.getFirst().etag());

            mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(id)), new Update().set("title", "New"), Campaign.class);
            assertThat(cache.get(id).summary().title()).isEqualTo("Campaign " + id); // still fresh
            cache.invalidate(id);
            assertThat(cache.get(id).summary().title()).isEqualTo("New");
            assertThat(reads).hasValue(2);
        }
    }

    @Test
    void aStaleSummaryIsReadAgain() {
        String id = Donations.campaignId("stale");
        http.openCampaign(id, 10_000, "GBP");
        var reads = new AtomicInteger();
        try (MongoClient client = countingClient(id, reads)) {
            MongoTemplate mongo = new MongoTemplate(client, new ConnectionString(mongoUri()).getDatabase());
            var cache =
                    new SummaryCache(new Campaigns(mongo, clock), json, new SummaryProperties(Duration.ofMillis(50)));
            cache.get(id);

            mongo.updateFirst(
                    Query.query(Criteria.where("_id").is(id)), new Update().set("title", "Later"), Campaign.class);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> cache.get(id).summary().title().equals("Later"));
            assertThat(reads.get()).isGreaterThan(1);
        }
    }

    private static String mongoUri() {
        return Infrastructure.shared().mongoUri("campaigns-test");
    }

    /** A real client whose listener counts the {@code find}s of one campaign's document. */
    private static MongoClient countingClient(String campaignId, AtomicInteger reads) {
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && event.getCommand().toJson().contains(campaignId)) {
                    reads.incrementAndGet();
                }
            }
        };
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongoUri()))
                .addCommandListener(listener)
                .build());
    }

    private static <T> List<T> crowd(int viewers, Callable<T> view) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                futures.add(executor.submit(view));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }
}
