package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** SMTP down: receipts wait in MongoDB, Kafka keeps flowing, and each is sent exactly once when SMTP is back. */
class ReceiptSurvivesSmtpOutageTest extends NotificationServiceTest {

    @Autowired
    HealthEndpoint health;

    @Autowired
    JavaMailSenderImpl mailSender;

    @Test
    void receiptsStayPendingWhileSmtpIsDownThenTheRetrierSendsEachExactlyOnce() {
        double failedBefore = counter("notifications.failed.attempts");
        greenMail.stop();

        String campaign = unique("campaign-outage-");
        DonationEvent first = simpleDonation(campaign);
        DonationEvent second = simpleDonation(campaign); // handled only if the first did not block the partition
        publish(first);
        publish(second);

        Notification failed = await().atMost(EVENTUALLY).until(() -> find(first), n -> n != null && n.attempts() >= 1);
        assertThat(failed.status()).isEqualTo(Status.PENDING);
        assertThat(failed.lastError()).isNotBlank().doesNotContain(first.donor().email());
        await().atMost(EVENTUALLY).until(() -> find(second), n -> n != null && n.attempts() >= 1);
        assertThat(counter("notifications.failed.attempts")).isGreaterThanOrEqualTo(failedBefore + 2);
        // SMTP down is not the service down: no mail health contributor, probes stay UP
        assertThat(health.healthForPath("mail")).isNull();
        assertThat(health.healthForPath("liveness").getStatus().getCode()).isEqualTo("UP");
        assertThat(health.healthForPath("readiness").getStatus().getCode()).isEqualTo("UP");

        greenMail.start();

        awaitOneMessageTo(first.donor().email());
        awaitOneMessageTo(second.donor().email());
        await().atMost(EVENTUALLY)
                .until(() -> find(first).status() == Status.SENT && find(second).status() == Status.SENT);
        // several retrier rounds later, still one each
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> messagesTo(first.donor().email()).size() == 1
                        && messagesTo(second.donor().email()).size() == 1);
        assertThat(find(first).attempts()).isGreaterThanOrEqualTo(1);
        // the SMTP failure was absorbed, not thrown: the events were never retried into the DLQ
        assertThat(dlqRecords())
                .noneMatch(record -> record.contains(first.donationId()) || record.contains(second.donationId()));
    }

    @Test
    void aBurstDuringAnOutageWaitsPendingAndArrivesExactlyOnceWhenSmtpIsBack() {
        String campaign = unique("campaign-burst-");
        announceAndAwait(campaign(campaign, 1, "Burst", "Bea", "bea@example.org"));
        greenMail.stop();
        List<DonationEvent> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            DonationEvent event = simpleDonation(campaign);
            burst.add(event);
            publish(event);
        }

        // all claimed, none sent; the breaker opens and the drain stops calling the dead server
        await().atMost(EVENTUALLY).until(() -> burst.stream().allMatch(e -> find(e) != null));
        await().atMost(EVENTUALLY).until(() -> gauge("notifications.smtp.circuit.open") == 1);
        assertThat(gauge("notifications.pending")).isGreaterThanOrEqualTo(20);
        assertThat(burst).allMatch(e -> find(e).status() == Status.PENDING);

        greenMail.start();

        await().atMost(EVENTUALLY).until(() -> burst.stream().allMatch(e -> find(e).status() == Status.SENT));
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> burst.stream()
                        .allMatch(e -> messagesTo(e.donor().email()).size() == 1));
        assertThat(gauge("notifications.smtp.circuit.open")).isZero();
    }

    @Test
    void smtpTimeoutsAreSetSoAHangingServerCannotHangTheConsumer() {
        assertThat(mailSender.getJavaMailProperties())
                .containsEntry("mail.smtp.connectiontimeout", "5000")
                .containsEntry("mail.smtp.timeout", "5000")
                .containsEntry("mail.smtp.writetimeout", "5000");
    }

    private Notification find(DonationEvent event) {
        return mongo.findById(Notification.receiptId(event.donationId()), Notification.class);
    }
}
