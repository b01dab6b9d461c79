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
import org.givingstream.testinfra.Infrastructure;
import org.givingstream.testinfra.TopicReader;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Base class of donation-service's Spring tests: the shared infrastructure, HTTP posting and topic reading. */
@DonationServiceTest
public abstract class DonationServiceTestSupport {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        Infrastructure.shared().register(registry, "donations-test");
    }

    @LocalServerPort
    protected int port;

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
