package org.givingstream.bench.baseline;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: what a simple monolith does with a Stripe webhook, all of it before answering. Verify the signature,
 * store the donation (a unique insert keyed by the payment intent deduplicates retries and the checkout/intent
 * pair), add it to the campaign's total, send the receipt over SMTP, then answer 200. No broker, no outbox, no
 * retrier: an SMTP or database failure fails the webhook and leaves the provider's retry to sort it out.
 *
 * <p>{@code java ... SyncMonolith <port> <mongoUri> <smtpPort> <stripeSecret>}; its data is in database
 * {@code baseline} (collections {@code donations}, {@code refunds}, {@code campaigns}).
 */
public final class SyncMonolith {

    private static final long TOLERANCE_SECONDS = 300;

    private final MongoCollection<Document> donations;
    private final MongoCollection<Document> refunds;
    private final MongoCollection<Document> campaigns;
    private final Session mail;
    private final byte[] secret;
    private final JsonMapper json = JsonMapper.builder().build();

    private SyncMonolith(MongoDatabase db, Session mail, String secret) {
        this.donations = db.getCollection("donations");
        this.refunds = db.getCollection("refunds");
        this.campaigns = db.getCollection("campaigns");
        this.mail = mail;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        var mongo = MongoClients.create(args[1]);
        Properties smtp = new Properties();
        smtp.put("mail.smtp.host", "127.0.0.1");
        smtp.put("mail.smtp.port", args[2]);
        smtp.put("mail.smtp.connectiontimeout", "5000");
        smtp.put("mail.smtp.timeout", "5000");
        smtp.put("mail.smtp.writetimeout", "5000");
        var app = new SyncMonolith(mongo.getDatabase("baseline"), Session.getInstance(smtp), args[3]);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // as the services: virtual threads
        server.createContext("/webhooks/stripe", app::handle);
        server.createContext("/health", exchange -> {
            try (exchange) {
                answer(exchange, 200, "UP");
            }
        });
        server.start();
        System.out.println("baseline monolith listening on " + port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!verified(exchange.getRequestHeaders().getFirst("Stripe-Signature"), body)) {
                answer(exchange, 400, "bad signature");
                return;
            }
            answer(exchange, 200, process(json.readTree(body)));
        } catch (UnknownCampaign e) {
            answer(exchange, 422, "unknown campaign");
        } catch (RuntimeException | MessagingException e) {
            answer(exchange, 500, e.getClass().getSimpleName());
        }
    }

    private String process(JsonNode event) throws MessagingException {
        JsonNode object = event.path("data").path("object");
        String type = event.path("type").asString("");
        return switch (type) {
            case "checkout.session.completed" ->
                "paid".equals(object.path("payment_status").asString(""))
                        ? donation(
                                object.path("payment_intent").asString(),
                                object.path("amount_total").asLong(),
                                object.path("metadata").path("campaign_id").asString(null),
                                object.path("customer_details").path("email").asString(null))
                        : "ignored";
            case "payment_intent.succeeded" ->
                object.path("metadata").has("campaign_id")
                        ? donation(
                                object.path("id").asString(),
                                object.path("amount_received").asLong(),
                                object.path("metadata").path("campaign_id").asString(null),
                                object.path("receipt_email").asString(null))
                        : "ignored";
            case "charge.refunded" -> refund(object);
            default -> "ignored";
        };
    }

    private String donation(String paymentIntent, long amount, String campaignId, String email)
            throws MessagingException {
        if (campaignId == null || campaigns.find(Filters.eq("_id", campaignId)).first() == null) {
            throw new UnknownCampaign();
        }
        try {
            donations.insertOne(new Document("_id", "stripe:" + paymentIntent)
                    .append("campaignId", campaignId)
                    .append("amount", amount)
                    .append("email", email)
                    .append("receivedAt", java.util.Date.from(Instant.now())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return "duplicate";
            }
            throw e;
        }
        campaigns.updateOne(
                Filters.eq("_id", campaignId),
                Updates.combine(Updates.inc("raised", amount), Updates.inc("donationCount", 1)));
        if (email != null && !email.isBlank()) {
            sendReceipt(paymentIntent, amount, email);
        }
        return "stored";
    }

    private String refund(JsonNode charge) {
        String paymentIntent = charge.path("payment_intent").asString();
        long refunded = charge.path("amount_refunded").asLong();
        Document donation =
                donations.find(Filters.eq("_id", "stripe:" + paymentIntent)).first();
        if (donation == null) {
            throw new IllegalStateException("refund before its payment"); // the provider retries later
        }
        try {
            refunds.insertOne(new Document("_id", charge.path("id").asString() + ":refunded:" + refunded));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return "duplicate";
            }
            throw e;
        }
        campaigns.updateOne(
                Filters.eq("_id", donation.getString("campaignId")),
                Updates.combine(Updates.inc("raised", -refunded), Updates.inc("refunded", refunded)));
        return "stored";
    }

    private void sendReceipt(String paymentIntent, long amount, String email) throws MessagingException {
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress("receipts@giving-stream.local"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(email));
        message.setSubject("Thank you for your donation");
        message.setText("""
                Thank you for your donation of £%d.%02d.

                Receipt for payment %s. Keep this email for your records.
                """.formatted(amount / 100, amount % 100, paymentIntent), "UTF-8");
        Transport.send(message);
    }

    private boolean verified(String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null
                || v1 == null
                || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > TOLERANCE_SECONDS) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (Exception e) {
            return false;
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = ("{\"status\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static final class UnknownCampaign extends RuntimeException {}
}
