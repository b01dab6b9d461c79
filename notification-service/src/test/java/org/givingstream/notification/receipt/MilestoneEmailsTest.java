package org.givingstream.notification.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.receipt.Notification.Status;
import org.junit.jupiter.api.Test;

/** The organiser hears of each milestone once, and a milestone waits for the organiser's address if it must. */
class MilestoneEmailsTest extends NotificationServiceTest {

    @Test
    void eachThresholdSendsTheOrganiserOneEmailEvenWhenRedelivered() throws Exception {
        String campaign = unique("campaign-milestone-");
        String organiser = unique("organiser-") + "@example.org";
        announceAndAwait(campaign(campaign, 1, "James's Wish to Walk", "The Marker family", organiser));

        publish(milestone(campaign, 50, 2_500_000));
        publish(milestone(campaign, 50, 2_500_000)); // at-least-once from campaign-service
        publish(milestone(campaign, 100, 5_000_000));

        await().atMost(EVENTUALLY).until(() -> messagesTo(organiser), list -> list.size() == 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> messagesTo(organiser).size() == 2);
        MimeMessage half = messagesTo(organiser).stream().filter(m -> subject(m).contains("50 %")).findFirst().orElseThrow();
        assertThat(half.getSubject()).isEqualTo("James's Wish to Walk has reached 50 % of its target");
        assertThat(part(half, "text/plain"))
                .startsWith("Hello The Marker family,")
                .contains("Raised so far:     £25,000.00")
                .contains("Target:            £50,000.00");
        assertThat(messagesTo(organiser)).anyMatch(m -> part(m, "text/plain").contains("has reached its target!"));
    }

    @Test
    void aMilestoneForACampaignWhoseOrganiserIsNotKnownYetWaitsAndGoesWhenTheAddressArrives() {
        String campaign = unique("campaign-late-organiser-");
        String organiser = unique("late-organiser-") + "@example.org";

        publish(milestone(campaign, 25, 1_250_000));
        Notification waiting = await().atMost(EVENTUALLY)
                .until(() -> find(campaign, 25), n -> n != null && n.lastError() != null);
        assertThat(waiting.status()).isEqualTo(Status.PENDING);
        assertThat(waiting.lastError()).contains("waiting for the organiser");

        announce(campaign(campaign, 1, "Late", null, organiser));

        awaitOneMessageTo(organiser);
        await().atMost(EVENTUALLY).until(() -> find(campaign, 25).status() == Status.SENT);
        assertThat(find(campaign, 25).to()).isEqualTo(organiser);
    }

    private Notification find(String campaign, int threshold) {
        return mongo.findById(Notification.milestoneId(campaign, threshold), Notification.class);
    }

    private static MilestoneEvent milestone(String campaign, int threshold, long raised) {
        return new MilestoneEvent(
                campaign + ":" + threshold,
                MilestoneEvent.REACHED,
                MilestoneEvent.SCHEMA_VERSION,
                Instant.parse("2026-03-21T12:00:00Z"),
                campaign,
                "ignored: the projection's title wins",
                threshold,
                Money.of(raised, "GBP"),
                Money.of(5_000_000, "GBP"));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
