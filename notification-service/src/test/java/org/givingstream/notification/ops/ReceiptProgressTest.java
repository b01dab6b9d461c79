package org.givingstream.notification.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.givingstream.contracts.CampaignEvent;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14: notification-service's organiser endpoint answers exactly the token campaign-service last announced
 * for the campaign: 401 without one, 403 with another campaign's or a replaced one.
 */
class ReceiptProgressTest extends NotificationServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theOrganiserSeesHowTheirReceiptsAreGoingAndNobodyElseDoes() throws Exception {
        String campaign = unique("receipts-");
        String other = unique("receipts-other-");
        String token = unique("organiser-token-of-") + "-0123456789";
        String othersToken = unique("organiser-token-of-other-") + "-0123456789";
        announceAndAwait(withToken(campaign(campaign, 1, "Receipts", "Olive", "olive@example.org"), token));
        announceAndAwait(withToken(campaign(other, 1, "Other", "Otto", "otto@example.org"), othersToken));
        List<DonationEvent> donations = List.of(simpleDonation(campaign), simpleDonation(campaign));
        donations.forEach(this::publish);
        donations.forEach(donation -> awaitOneMessageTo(donation.donor().email()));

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            HttpResponse<String> progress = progress(campaign, token);
            assertThat(progress.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(progress.body());
            assertThat(body.path("sent").asLong()).isEqualTo(2);
            assertThat(body.path("pending").asLong()).isZero();
            assertThat(body.path("failed").asLong()).isZero();
        });
        assertRefused(progress(campaign, null), 401, "organiser-token-required");
        assertRefused(progress(campaign, othersToken), 403, "not-an-organiser");
        assertRefused(progress("never-announced", token), 404, "unknown-campaign");

        String replacement = unique("replacement-token-") + "-0123456789";
        announceAndAwait(withToken(campaign(campaign, 2, "Receipts", "Olive", "olive@example.org"), replacement));
        assertRefused(progress(campaign, token), 403, "not-an-organiser");
        assertThat(progress(campaign, replacement).statusCode()).isEqualTo(200);
    }

    private static CampaignEvent withToken(CampaignEvent e, String token) throws Exception {
        String hash = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        return new CampaignEvent(
                e.eventId(),
                e.type(),
                e.schemaVersion(),
                e.occurredAt(),
                e.campaignId(),
                e.revision(),
                e.title(),
                e.target(),
                e.status(),
                e.organiserName(),
                e.organiserEmail(),
                e.endDate(),
                hash);
    }

    private void assertRefused(HttpResponse<String> answer, int status, String slug) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(answer.body()).path("type").asString()).isEqualTo("urn:giving-stream:problem:" + slug);
        assertThat(answer.body()).doesNotContain("\"sent\"");
    }

    private HttpResponse<String> progress(String campaign, String token) throws Exception {
        var request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/campaigns/" + campaign + "/receipts"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
