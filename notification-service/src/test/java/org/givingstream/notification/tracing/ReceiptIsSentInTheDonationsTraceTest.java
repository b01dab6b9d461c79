package org.givingstream.notification.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The receipt is sent in the trace of the donation's Kafka record: the consumer continues the W3C
 * {@code traceparent} header (binder observation) and stores it with the claim, and the drain sends the email in
 * that trace, so the service's own log line for the email carries the donation's trace id. That log line is what a
 * person follows from a donation id to its trace; it is at DEBUG (INFO logs the drain's rounds, not each mail), so
 * this test turns DEBUG on for the sender, as an operator following one donation would.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReceiptIsSentInTheDonationsTraceTest extends NotificationServiceTest {

    private static final String SENDER_LOGGER = "org.givingstream.notification.outgoing.NotificationSender";

    @Autowired
    private LoggingSystem logging;

    @BeforeEach
    void logEachMail() {
        logging.setLogLevel(SENDER_LOGGER, LogLevel.DEBUG);
    }

    @AfterEach
    void logRoundsOnly() {
        logging.setLogLevel(SENDER_LOGGER, null);
    }

    @Test
    void theReceiptLogLineCarriesTheTraceIdOfTheRecordsTraceparent(CapturedOutput output) throws Exception {
        String traceId = randomHex(16);
        DonationEvent event = simpleDonation(unique("campaign-traced-"));

        publishWithTraceparent(event, "00-" + traceId + "-" + randomHex(8) + "-01");
        awaitOneMessageTo(event.donor().email());

        String sentLine = await().atMost(EVENTUALLY)
                .until(() -> receiptSentLine(output, event.donationId()), line -> line != null);
        assertThat(sentLine).contains("\"traceId\":\"" + traceId + "\"");
    }

    /** The structured (logstash JSON) line logged when this donation's receipt was accepted by SMTP. */
    private static String receiptSentLine(CapturedOutput output, String donationId) {
        return output.getOut()
                .lines()
                .filter(line -> line.contains("\"donationId\":\"" + donationId + "\""))
                .filter(line -> line.matches(".*\"message\":\"receipt [^\"]+ sent\".*"))
                .findFirst()
                .orElse(null);
    }

    private void publishWithTraceparent(DonationEvent event, String traceparent) throws Exception {
        var record = new ProducerRecord<>(Topics.DONATIONS, event.campaignId(), json.writeValueAsBytes(event));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        Infrastructure.shared().kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(record).get();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros, which W3C trace context rejects
        return HexFormat.of().formatHex(random);
    }
}
