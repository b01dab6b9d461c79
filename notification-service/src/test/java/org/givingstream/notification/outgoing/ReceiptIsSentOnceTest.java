package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.Topics;
import org.givingstream.notification.NotificationServiceApplication;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.testinfra.Infrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.query.Update;

/** One donation, one receipt: redelivered events, crashes mid-send and cash donations. */
class ReceiptIsSentOnceTest extends NotificationServiceTest {

    @Test
    void theSameEventDeliveredTwiceSendsOneEmail() {
        String campaign = unique("campaign-dup-");
        DonationEvent event =
                donation(unique("stripe:pi_"), campaign, Money.of(2500, "GBP"), donor("Ann Twice"), false, null);
        double alreadySentBefore = counter("notifications.skipped", "reason", "already-sent");

        publish(event);
        awaitOneMessageTo(event.donor().email());
        publish(event); // the outbox relays at least once: same event id, same donation
        DonationEvent marker = simpleDonation(campaign); // same key, same partition: handled after the duplicate
        publish(marker);
        awaitOneMessageTo(marker.donor().email());

        assertThat(messagesTo(event.donor().email())).hasSize(1);
        assertThat(counter("notifications.skipped", "reason", "already-sent")).isEqualTo(alreadySentBefore + 1);
        Notification notification = mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
        assertThat(notification.status()).isEqualTo(Status.SENT);
        assertThat(notification.sentAt()).isNotNull();
        assertThat(notification.attempts()).isZero();
    }

    @Test
    void messageIdIsDerivedFromTheReceiptNumberAndAResendAfterACrashKeepsIt() throws Exception {
        String expectedMessageId = "<receipt.GS-0353-055C-CC7D-66E6@giving-stream.local>"; // SHA-256 of the id
        DonationEvent event = donation(
                "stripe:pi_message_id_is_stable",
                unique("campaign-"),
                Money.of(700, "GBP"),
                donor("Max Crash"),
                false,
                null);

        publish(event);
        MimeMessage first = awaitOneMessageTo(event.donor().email());
        assertThat(first.getHeader("Message-ID")).containsExactly(expectedMessageId);
        assertThat(first.getSubject()).endsWith("GS-0353-055C-CC7D-66E6");

        crashAfterSendingBeforeMarking(event);

        MimeMessage[] both = await().atMost(EVENTUALLY)
                .until(() -> messagesTo(event.donor().email()), list -> list.size() == 2)
                .toArray(MimeMessage[]::new);
        assertThat(Arrays.stream(both).map(this::messageId)).containsExactly(expectedMessageId, expectedMessageId);
        assertThat(part(both[1], "text/plain")).contains("GS-0353-055C-CC7D-66E6");
        await().atMost(EVENTUALLY).until(() -> statusOf(event), Status.SENT::equals);
    }

    @Test
    void aDonationWithoutEmailSendsNothingAndIsCounted() {
        String campaign = unique("campaign-cash-");
        DonationEvent cash = donation(
                unique("offline:"), campaign, Money.of(500, "GBP"), new Donor("Cake Sale", null, false), false, null);
        String cashReceipt = ReceiptNumber.forDonation(cash.donationId()).value();
        double noEmailBefore = counter("notifications.skipped", "reason", "no-email");

        publish(cash);
        DonationEvent marker = simpleDonation(campaign);
        publish(marker);
        awaitOneMessageTo(marker.donor().email());

        assertThat(counter("notifications.skipped", "reason", "no-email")).isEqualTo(noEmailBefore + 1);
        assertThat(mongo.findById(Notification.receiptId(cash.donationId()), Notification.class))
                .isNull();
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).map(this::subject))
                .noneMatch(subject -> subject.contains(cashReceipt));
    }

    /**
     * A restart that lost every committed offset: a second instance in a new consumer group reads the whole
     * donations topic from the start, every event of every test so far. It finds each claim and sends nothing.
     */
    @Test
    void anInstanceReplayingTheWholeTopicSendsNothingAgain() throws Exception {
        DonationEvent event = simpleDonation(unique("campaign-restart-"));
        publish(event);
        awaitOneMessageTo(event.donor().email());
        await().atMost(EVENTUALLY).until(() -> statusOf(event) == Status.SENT);
        String group = unique("notification-service-replay-");
        Map<TopicPartition, Long> end;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.shared().kafkaBootstrapServers()))) {
            end = endOffsets(admin);
            try (ConfigurableApplicationContext replay = startReplayInstance(group)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> caughtUp(admin, group, end));
                MeterRegistry replayMeters = replay.getBean(MeterRegistry.class);
                assertThat(replayMeters
                                .find("notifications.claimed")
                                .tags("kind", "receipt")
                                .counters())
                        .allMatch(c -> c.count() == 0);
                assertThat(replayMeters
                                .find("notifications.skipped")
                                .tags("reason", "already-sent")
                                .counters())
                        .anyMatch(c -> c.count() >= 1);
            }
        }
        assertThat(messagesTo(event.donor().email())).hasSize(1);
    }

    private ConfigurableApplicationContext startReplayInstance(String group) {
        var arguments = new ArrayList<>(Infrastructure.shared().arguments("notifications-test"));
        arguments.addAll(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + SMTP_PORT,
                "--spring.cloud.stream.bindings.sendReceipt-in-0.group=" + group,
                "--spring.cloud.stream.bindings.sendMilestone-in-0.group=" + group,
                "--spring.cloud.stream.bindings.rememberCampaign-in-0.group=" + group,
                "--spring.cloud.stream.bindings.sendReceipt-in-0.consumer.back-off-initial-interval=100",
                "--spring.cloud.stream.bindings.sendReceipt-in-0.consumer.back-off-max-interval=200",
                "--notifications.receipts.campaign-wait=1s",
                "--logging.structured.format.console="));
        return new SpringApplicationBuilder(NotificationServiceApplication.class).run(arguments.toArray(String[]::new));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        var partitions = admin
                .describeTopics(List.of(Topics.DONATIONS))
                .allTopicNames()
                .get()
                .get(Topics.DONATIONS)
                .partitions()
                .stream()
                .collect(Collectors.toMap(
                        p -> new TopicPartition(Topics.DONATIONS, p.partition()), p -> OffsetSpec.latest()));
        return admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        return end.entrySet().stream()
                .allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null
                                && committed.get(e.getKey()).offset() >= e.getValue()));
    }

    /** What a crash between the SMTP send and the SENT mark leaves behind, once its attempt lease has run out. */
    private void crashAfterSendingBeforeMarking(DonationEvent event) {
        mongo.updateFirst(
                query(where("_id").is(Notification.receiptId(event.donationId()))),
                new Update()
                        .set(Notification.STATUS, Status.PENDING)
                        .unset(Notification.SENT_AT)
                        .set(Notification.NEXT_ATTEMPT_AT, Instant.now().minusSeconds(1)),
                Notification.class);
    }

    private Status statusOf(DonationEvent event) {
        return mongo.findById(Notification.receiptId(event.donationId()), Notification.class)
                .status();
    }

    private String messageId(MimeMessage message) {
        try {
            return message.getHeader("Message-ID")[0];
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
