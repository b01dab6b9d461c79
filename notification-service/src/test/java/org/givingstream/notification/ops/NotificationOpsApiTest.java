package org.givingstream.notification.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.ReceiptNumber;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Support looks a donor's receipt up and resends it: same receipt number, a Message-ID of its own. */
class NotificationOpsApiTest extends NotificationServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutTheOpsTokenEveryRequestIsRefusedWithAProblem() throws Exception {
        HttpResponse<String> none = get("/api/notifications?donationId=x", null);
        HttpResponse<String> wrong = get("/api/notifications?donationId=x", "not-the-token");
        HttpResponse<String> resend = post("/api/notifications/receipt:x/resend", "not-the-token");

        for (HttpResponse<String> response : java.util.List.of(none, wrong, resend)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(json.readTree(response.body()).get("type").asString())
                    .isEqualTo("urn:giving-stream:problem:ops-token-required");
        }
    }

    @Test
    void findsByDonationAndByEmailAndResendsWithTheSameReceiptNumberAndANewMessageId() throws Exception {
        DonationEvent event = simpleDonation(unique("campaign-ops-"));
        publish(event);
        MimeMessage first = awaitOneMessageTo(event.donor().email());
        String receiptNumber = ReceiptNumber.forDonation(event.donationId()).value();
        await().atMost(EVENTUALLY).until(() -> status(byDonation(event)).equals("SENT"));

        JsonNode found = byDonation(event).get(0);
        assertThat(found.get("id").asString()).isEqualTo(Notification.receiptId(event.donationId()));
        assertThat(found.get("kind").asString()).isEqualTo("receipt");
        assertThat(found.get("receiptNumber").asString()).isEqualTo(receiptNumber);
        assertThat(found.get("attempts").asInt()).isZero();
        assertThat(found.get("sentAt").isNull()).isFalse();
        String email = URLEncoder.encode(event.donor().email().toUpperCase(), StandardCharsets.UTF_8);
        JsonNode byEmail = json.readTree(
                get("/api/notifications?email=" + email, OPS_TOKEN).body());
        assertThat(byEmail).hasSize(1);
        assertThat(byEmail.get(0).get("id").asString())
                .isEqualTo(found.get("id").asString());

        HttpResponse<String> resend =
                post("/api/notifications/" + found.get("id").asString() + "/resend", OPS_TOKEN);

        assertThat(resend.statusCode()).isEqualTo(202);
        assertThat(json.readTree(resend.body()).get("resends").asInt()).isEqualTo(1);
        MimeMessage second = await().atMost(EVENTUALLY)
                .until(() -> messagesTo(event.donor().email()), list -> list.size() == 2)
                .get(1);
        assertThat(second.getSubject()).isEqualTo(first.getSubject()).endsWith(receiptNumber);
        assertThat(second.getHeader("Message-ID")[0])
                .isEqualTo("<receipt." + receiptNumber + ".r1@giving-stream.local>")
                .isNotEqualTo(first.getHeader("Message-ID")[0]);
        await().atMost(EVENTUALLY).until(() -> status(byDonation(event)).equals("SENT"));
    }

    @Test
    void aPendingNotificationIsNotResentAndAnUnknownOneIsNotFound() throws Exception {
        String campaign = unique("campaign-ops-pending-");
        publish(new MilestoneEvent(
                campaign + ":75",
                MilestoneEvent.REACHED,
                1,
                Instant.now(),
                campaign,
                "t",
                75,
                Money.of(75, "GBP"),
                Money.of(100, "GBP"))); // no organiser known: stays PENDING
        String id = Notification.milestoneId(campaign, 75);
        await().atMost(EVENTUALLY).until(() -> mongo.findById(id, Notification.class) != null);

        HttpResponse<String> pending = post("/api/notifications/" + id + "/resend", OPS_TOKEN);
        HttpResponse<String> unknown = post("/api/notifications/receipt:stripe:pi_never/resend", OPS_TOKEN);
        HttpResponse<String> noQuery = get("/api/notifications", OPS_TOKEN);

        assertThat(pending.statusCode()).isEqualTo(409);
        assertThat(json.readTree(pending.body()).get("type").asString())
                .isEqualTo("urn:giving-stream:problem:notification-pending");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(noQuery.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode byDonation(DonationEvent event) throws Exception {
        String id = URLEncoder.encode(event.donationId(), StandardCharsets.UTF_8);
        HttpResponse<String> response = get("/api/notifications?donationId=" + id, OPS_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String status(JsonNode notifications) {
        return notifications.isEmpty() ? "" : notifications.get(0).get("status").asString();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(
                request(path, token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }
}
