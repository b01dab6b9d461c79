package org.givingstream.donation.justgiving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.givingstream.contracts.Donor;
import org.givingstream.donation.justgiving.JustGivingClient.Donations;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookIntake.Delivered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poll of one page: reads its donations newest first and feeds each new one into the same intake as every
 * provider's webhook, keyed {@code justgiving:<id>}.
 *
 * <p>Where to stop. Donations arriving while the pages are read push older ones to later pages, so a donation is
 * met again, never skipped; the read stops at the first page holding only donations seen BEFORE this poll (one met
 * earlier in the same poll may just have been pushed along). A read that cannot finish (any failure, or
 * {@code max-pages-per-poll}) leaves a cursor: the next poll reads on from one page before where this one stopped,
 * through to the oldest donation, because stopping at "all seen" is only safe from page 1.
 *
 * <p>Effectively-once: a donation is remembered as seen only after the intake has it (in the Kafka log or the
 * ledger); a crash in between feeds it again next time and the ledger, keyed by the donation id, keeps one.
 */
@Component
class PagePoll {

    static final String PROVIDER = "justgiving";
    private static final Logger log = LoggerFactory.getLogger(PagePoll.class);

    private final JustGivingClient client;
    private final SeenDonations seen;
    private final WebhookIntake intake;
    private final JustGivingProperties properties;
    private final Clock clock;
    private final Counter unreadable;

    PagePoll(
            JustGivingClient client,
            SeenDonations seen,
            WebhookIntake intake,
            JustGivingProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.client = client;
        this.seen = seen;
        this.intake = intake;
        this.properties = properties;
        this.clock = clock;
        this.unreadable = Counter.builder("donations.justgiving.unreadable")
                .description("JustGiving donations that could not be read (a fraction of a penny, a bad date...)")
                .register(meters);
    }

    /**
     * @param fed donations fed into the intake
     * @param scanFrom where the next poll goes on from; null when this one reached its end
     * @param completedFromStart whether this poll read from page 1 to a proper end (what a totals check needs)
     * @param failure why it stopped early, null if it did not fail
     */
    record Result(int fed, Integer scanFrom, boolean completedFromStart, RuntimeException failure) {}

    Result poll(JustGivingPage page) {
        boolean throughToTheEnd = page.scanFrom() != null;
        int first = throughToTheEnd ? page.scanFrom() : 1;
        int fed = 0;
        int pageNum = first;
        // donations met earlier in THIS poll do not end it: they may have been pushed here by new arrivals
        Set<String> readNow = new HashSet<>();
        for (int requests = 0; requests < properties.maxPagesPerPoll(); requests++, pageNum++) {
            Donations donations;
            Map<String, Boolean> known;
            try {
                donations = client.donations(page.shortName(), pageNum);
                donations.unreadable().forEach(reason -> {
                    unreadable.increment();
                    log.warn("JustGiving page {}: a donation was left out: {}", page.shortName(), Bounded.text(reason));
                });
                known = seen.known(donations.donations());
                List<Delivered> toFeed = new ArrayList<>();
                for (JustGivingDonation donation : donations.donations()) {
                    Boolean wasMoneyIn = known.get(SeenDonations.donationIdOf(donation));
                    if (donation.isMoneyIn() && !Boolean.TRUE.equals(wasMoneyIn)) {
                        toFeed.add(delivered(page, donation));
                    }
                }
                if (!toFeed.isEmpty()) {
                    intake.recordAll(PROVIDER, toFeed); // durable before it is remembered
                    fed += toFeed.size();
                }
                seen.remember(page.shortName(), page.campaignId(), donations.donations(), clock.instant());
            } catch (RuntimeException e) {
                // whatever failed (the API, the intake, MongoDB), the next poll reads on through to the end from one
                // page back: donations only move to later pages, and this page's may not all be remembered
                Integer resume = pageNum == 1 && !throughToTheEnd ? null : Math.max(1, pageNum - 1);
                return new Result(fed, resume, false, e);
            }
            boolean allSeenBefore = !donations.donations().isEmpty()
                    && donations.donations().stream()
                            .map(SeenDonations::donationIdOf)
                            .allMatch(id -> known.containsKey(id) && !readNow.contains(id));
            donations.donations().forEach(d -> readNow.add(SeenDonations.donationIdOf(d)));
            if (donations.isLast(properties.pageSize()) || (!throughToTheEnd && allSeenBefore)) {
                return new Result(fed, null, first == 1, null);
            }
        }
        return new Result(fed, Math.max(1, pageNum - 1), false, null);
    }

    private static Delivered delivered(JustGivingPage page, JustGivingDonation donation) {
        String donationId = SeenDonations.donationIdOf(donation);
        boolean anonymous = donation.donorDisplayName() == null;
        // no email: JustGiving thanks its donors itself, so no second receipt goes out from here
        Donor donor = new Donor(anonymous ? "Anonymous" : donation.donorDisplayName(), null, anonymous);
        IncomingDonation incoming = new IncomingDonation(
                donationId,
                page.campaignId(),
                donation.amount(),
                donation.giftAid(),
                donor,
                donation.message(),
                PROVIDER,
                donation.id(),
                page.shortName() + "/" + donation.id(),
                donation.donationDate());
        return new Delivered("donation", page.shortName() + "/" + donation.id(), incoming, false);
    }
}
