package org.givingstream.notification.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.givingstream.contracts.MilestoneEvent;
import org.givingstream.contracts.Money;
import org.givingstream.notification.NotificationServiceTest;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.testinfra.PortProbe;
import org.junit.jupiter.api.Test;

/**
 * The organiser hears of each milestone once, at an address they confirmed: a milestone waits for the organiser's
 * address, and then for the organiser to follow the link of its address check.
 */
class MilestoneEmailsTest extends NotificationServiceTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+/organiser-addresses/confirm\\?token=(\\S+)");

    @Test
    void eachThresholdSendsTheOrganiserOneEmailEvenWhenRedelivered() throws Exception {
        String campaign = unique("campaign-milestone-");
        String organiser = unique("organiser-") + "@example.org";
        announceAndAwait(campaign(campaign, 1, "James's Wish to Walk", "The Marker family", organiser));
        confirmAddress(organiser);

        publish(milestone(campaign, 50, 2_500_000));
        publish(milestone(campaign, 50, 2_500_000)); // at-least-once from campaign-service
        publish(milestone(campaign, 100, 5_000_000));

        await().atMost(EVENTUALLY).until(() -> milestoneNewsTo(organiser), list -> list.size() == 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> milestoneNewsTo(organiser).size() == 2);
        MimeMessage half = milestoneNewsTo(organiser).stream()
                .filter(m -> subject(m).contains("50 %"))
                .findFirst()
                .orElseThrow();
        assertThat(half.getSubject()).isEqualTo("James's Wish to Walk has reached 50 % of its target");
        assertThat(part(half, "text/plain"))
                .startsWith("Hello The Marker family,")
                .contains("Raised so far:     £25,000.00")
                .contains("Target:            £50,000.00");
        assertThat(milestoneNewsTo(organiser))
                .anyMatch(m -> part(m, "text/plain").contains("has reached its target!"));
        assertThat(messagesTo(organiser))
                .as("one address check, two milestones")
                .hasSize(3);
    }

    @Test
    void aMilestoneForACampaignWhoseOrganiserIsNotKnownYetWaitsAndGoesWhenTheAddressArrivesAndIsConfirmed() {
        String campaign = unique("campaign-late-organiser-");
        String organiser = unique("late-organiser-") + "@example.org";

        publish(milestone(campaign, 25, 1_250_000));
        Notification waiting =
                await().atMost(EVENTUALLY).until(() -> find(campaign, 25), n -> n != null && n.lastError() != null);
        assertThat(waiting.status()).isEqualTo(Status.PENDING);
        assertThat(waiting.lastError()).contains("waiting for the organiser");

        announce(campaign(campaign, 1, "Late", null, organiser));
        confirmAddress(organiser);

        await().atMost(EVENTUALLY).until(() -> find(campaign, 25).status() == Status.SENT);
        assertThat(find(campaign, 25).to()).isEqualTo(organiser);
        assertThat(milestoneNewsTo(organiser)).hasSize(1);
    }

    /**
     * Seen before this check existed: whatever address a campaign named got its milestone news, a mistyped one or
     * someone else's included. Now that address gets one check, and nothing more until the link is followed.
     */
    @Test
    void anAddressNobodyConfirmedGetsOneCheckAndNoMilestoneNews() throws Exception {
        String campaign = unique("campaign-unconfirmed-");
        String stranger = unique("not-the-organiser-") + "@example.org";
        announceAndAwait(campaign(campaign, 1, "Typo", "Someone", stranger));
        publish(milestone(campaign, 25, 1_250_000));
        publish(milestone(campaign, 50, 2_500_000));

        await().atMost(EVENTUALLY).until(() -> find(campaign, 50), n -> n != null && n.lastError() != null);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> messagesTo(stranger).size() == 1);
        MimeMessage check = messagesTo(stranger).getFirst();
        assertThat(check.getSubject()).isEqualTo("Please confirm your address for Typo");
        assertThat(find(campaign, 25).status()).isEqualTo(Status.PENDING);
        assertThat(find(campaign, 50).lastError()).isEqualTo("waiting for the organiser to confirm their address");
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            Notification sent = mongo.findById(Notification.addressCheckId(campaign, stranger), Notification.class);
            assertThat(sent.status()).isEqualTo(Status.SENT);
            assertThat(sent.linkToken())
                    .as("the link's secret is not kept once its mail is out")
                    .isNull();
            assertThat(sent.linkTokenHash()).isNotNull();
        });

        HttpResponse<String> forged = PortProbe.get(port, "/organiser-addresses/confirm?token=guessed-token");
        assertThat(forged.statusCode()).isEqualTo(404);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> messagesTo(stranger).size() == 1);
    }

    @Test
    void aNewOrganiserAddressIsCheckedAgainBeforeItGetsNews() throws Exception {
        String campaign = unique("campaign-new-address-");
        String first = unique("first-organiser-") + "@example.org";
        String second = unique("second-organiser-") + "@example.org";
        announceAndAwait(campaign(campaign, 1, "Moving", "Org", first));
        confirmAddress(first);

        announceAndAwait(campaign(campaign, 2, "Moving", "Org", second));
        publish(milestone(campaign, 75, 3_750_000));
        await().atMost(EVENTUALLY).until(() -> find(campaign, 75), n -> n != null && n.lastError() != null);
        assertThat(find(campaign, 75).lastError()).isEqualTo("waiting for the organiser to confirm their address");

        confirmAddress(second);
        await().atMost(EVENTUALLY).until(() -> milestoneNewsTo(second), list -> list.size() == 1);
        assertThat(milestoneNewsTo(first)).isEmpty();
    }

    /** Follows the link of the address check the organiser received, as the organiser would. */
    private void confirmAddress(String organiser) {
        MimeMessage check = await().atMost(EVENTUALLY)
                .until(
                        () -> messagesTo(organiser).stream()
                                .filter(m -> subject(m).startsWith("Please confirm"))
                                .toList(),
                        list -> !list.isEmpty())
                .getFirst();
        Matcher link = LINK.matcher(part(check, "text/plain"));
        assertThat(link.find()).as("a confirmation link in the check").isTrue();
        URI sent = URI.create(link.group());
        HttpResponse<String> confirmed = PortProbe.get(port, sent.getRawPath() + "?" + sent.getRawQuery());
        assertThat(confirmed.statusCode()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Address confirmed").contains(organiser);
        assertThat(PortProbe.get(port, sent.getRawPath() + "?" + sent.getRawQuery())
                        .statusCode())
                .as("following it again is harmless")
                .isEqualTo(200);
    }

    private static List<MimeMessage> milestoneNewsTo(String organiser) {
        return messagesTo(organiser).stream()
                .filter(m -> !subject(m).startsWith("Please confirm"))
                .toList();
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
