package org.givingstream.donation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.campaign.KnownCampaign;
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base class of donation-service's Spring tests: the shared infrastructure, HTTP posting and topic reading. */
@DonationServiceTest
public abstract class DonationServiceTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().register(registry, "donations-test");
    }

    /** Campaign ids the tests send money for: known to donation-service as if campaign-service announced them. */
    public static final List<String> TEST_CAMPAIGNS = List.of("james-wish", "cake-fair", "summer-ball", "summer-fete");

    @LocalServerPort
    protected int port;

    @Autowired
    protected MongoTemplate mongo;

    @BeforeEach
    void knowTestCampaigns() {
        knowCampaigns(mongo, TEST_CAMPAIGNS);
    }

    /** Stores campaigns as known (what {@code rememberCampaign} does with campaign-service's announcements). */
    public static void knowCampaigns(MongoTemplate mongo, List<String> campaignIds) {
        campaignIds.forEach(id -> mongo.save(new KnownCampaign(id, 1, "Test campaign " + id, "GBP", "OPEN")));
    }

    protected final HttpClient http = HttpClient.newHttpClient();

    protected HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The donation events published for {@code donationId}: reads until {@code enough} were seen or time is up. */
    protected static List<ConsumerRecord<String, String>> eventsFor(String donationId, int enough, Duration atMost) {
        return TopicReader.read(
                Infrastructure.shared().kafkaBootstrapServers(),
                Topics.DONATIONS,
                record -> record.value().contains("\"donationId\":\"" + donationId + "\""),
                found -> found.size() >= enough,
                atMost);
    }
}
