package org.givingstream.donation.justgiving;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.givingstream.contracts.Money;
import org.givingstream.contracts.SourceCheckEvent;
import org.givingstream.contracts.Topics;
import org.givingstream.donation.justgiving.JustGivingClient.PageTotals;
import org.givingstream.donation.justgiving.JustGivingPage.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reconciliation against the page: its own {@code totalRaisedOnline} compared with what was counted from it. A new
 * or changed disagreement first makes the page be read through again from its first page, AFTER the totals were read (a
 * donation that appeared late, deep in the list, is found that way, and so is one that arrived between the poll and
 * the totals); one that survives that is reported: a log line, the
 * {@code donations.justgiving.checks} metric, and a {@link SourceCheckEvent} that campaign-service shows on the
 * dashboard. A check is published only when its result changes (at-least-once; the newest wins downstream).
 */
@Component
class PageCheck {

    private static final Logger log = LoggerFactory.getLogger(PageCheck.class);

    private final JustGivingClient client;
    private final SeenDonations seen;
    private final PageStore pages;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final JustGivingProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    PageCheck(
            JustGivingClient client,
            SeenDonations seen,
            PageStore pages,
            KafkaTemplate<String, String> kafka,
            JsonMapper json,
            JustGivingProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.client = client;
        this.seen = seen;
        this.pages = pages;
        this.kafka = kafka;
        this.json = json;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** @param page the page as it was before the poll that just read it from its first page to a proper end */
    void checkIfDue(JustGivingPage page) {
        Instant now = clock.instant();
        if (page.nextCheckAt() != null && now.isBefore(page.nextCheckAt())) {
            return;
        }
        PageTotals totals = client.totals(page.shortName());
        Money theirs = totals.raisedOnline();
        Money ours = seen.counted(page.shortName(), theirs.currency());
        boolean agrees = Math.abs(theirs.minorUnits() - ours.minorUnits()) <= properties.tolerance();
        Check last = page.lastCheck();
        // a difference not yet read through: new, or changed since (a late donation may be what changed it)
        boolean unexplained = !agrees
                && (last == null
                        || last.agrees()
                        || !last.theirs().equals(theirs)
                        || !last.ours().equals(ours));
        if (unexplained && !page.recount()) {
            log.info(
                    "JustGiving page {} shows {} {}, we counted {}: reading it through again before saying so",
                    page.shortName(),
                    theirs.minorUnits(),
                    theirs.currency(),
                    ours.minorUnits());
            pages.recount(page, now);
            return;
        }
        Check check = new Check(theirs, ours, agrees, now);
        meters.counter("donations.justgiving.checks", "agrees", String.valueOf(agrees))
                .increment();
        if (!agrees) {
            log.warn(
                    "JustGiving page {} of campaign {} shows {} {} raised online, we counted {} {}",
                    page.shortName(),
                    page.campaignId(),
                    theirs.minorUnits(),
                    theirs.currency(),
                    ours.minorUnits(),
                    ours.currency());
        }
        if (changed(page.lastCheck(), check)) {
            publish(page, check);
        }
        pages.checked(page, check, now.plus(properties.checkEvery()));
    }

    private static boolean changed(Check last, Check now) {
        return last == null
                || last.agrees() != now.agrees()
                || !last.theirs().equals(now.theirs())
                || !last.ours().equals(now.ours());
    }

    /** Before the check is stored: if this fails, the next check publishes again. */
    private void publish(JustGivingPage page, Check check) {
        var event = new SourceCheckEvent(
                UUID.randomUUID().toString(),
                SourceCheckEvent.SCHEMA_VERSION,
                page.campaignId(),
                PagePoll.PROVIDER,
                page.shortName(),
                check.theirs(),
                check.ours(),
                check.agrees(),
                check.at());
        try {
            kafka.send(Topics.SOURCE_CHECKS, page.campaignId(), json.writeValueAsString(event))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing a source check", e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not take the check of JustGiving page " + page.shortName(), e);
        }
    }
}
