package org.givingstream.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends {@code checkout.session.completed} webhooks signed exactly as Stripe signs them, for the demo and the
 * end-to-end tests: {@code Stripe-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "{t}.{body}"))}.
 */
public final class StripeWebhookClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String webhookUrl;
    private final String secret;

    public StripeWebhookClient(String webhookUrl, String secret) {
        this.webhookUrl = webhookUrl;
        this.secret = secret;
    }

    /** One paid checkout for a campaign. */
    public record Checkout(
            String paymentIntent,
            String campaignId,
            long amountMinorUnits,
            String currency,
            String donorName,
            String donorEmail,
            boolean giftAid,
            boolean anonymous,
            String message) {}

    /**
     * Sends one checkout, retrying for a while on 422 "unknown campaign" as Stripe retries any non-2xx answer: a
     * campaign created a moment ago may not have reached donation-service yet.
     */
    public HttpResponse<String> send(Checkout checkout) throws IOException, InterruptedException {
        String body = payload(checkout);
        Instant giveUp = Instant.now().plusSeconds(20);
        HttpResponse<String> response = post(body, signature(body, Instant.now()));
        while (response.statusCode() == 422 && Instant.now().isBefore(giveUp)) {
            Thread.sleep(250);
            response = post(body, signature(body, Instant.now()));
        }
        return response;
    }

    public HttpResponse<String> post(String body, String signatureHeader) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(webhookUrl))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", signatureHeader)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public String signature(String body, Instant at) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String payload(Checkout c) {
        return """
                {"id":"evt_%1$s","object":"event","type":"checkout.session.completed","created":%2$d,\
                "data":{"object":{"id":"cs_%1$s","object":"checkout.session","amount_total":%3$d,\
                "currency":"%4$s","payment_intent":"%1$s","payment_status":"paid",\
                "customer_details":{"name":%5$s,"email":%6$s},\
                "metadata":{"campaign_id":"%7$s","gift_aid":"%8$s","anonymous":"%9$s","message":%10$s}}}}""".formatted(
                        c.paymentIntent(),
                        Instant.now().getEpochSecond(),
                        c.amountMinorUnits(),
                        c.currency().toLowerCase(),
                        quoted(c.donorName()),
                        quoted(c.donorEmail()),
                        c.campaignId(),
                        c.giftAid(),
                        c.anonymous(),
                        quoted(c.message()));
    }

    private static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
