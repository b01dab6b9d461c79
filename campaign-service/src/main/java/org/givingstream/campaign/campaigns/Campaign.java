package org.givingstream.campaign.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.givingstream.campaign.organiser.OrganiserToken;
import org.givingstream.contracts.Money;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A fundraising campaign and its running totals, in ONE document so that the totals feature can apply a donation
 * with a single atomic update (MongoDB has no multi-document transactions we may rely on here).
 *
 * <p>The totals feature also keeps its deduplication bookkeeping in this document ({@code offsets.<partition>},
 * {@code recentEventIds} and the optimistic lock {@code totalsVersion}); those fields are deliberately not mapped here: only the guarded update reads them.
 *
 * @param raisedByCurrency minor units received per ISO 4217 code; never converted between currencies
 * @param donationCount donations applied, in any currency
 * @param donorCount distinct donors (by normalised email, or by donation when there is no email), see the totals
 *     feature's {@code Donors}
 * @param giftAidByCurrency minor units of donations whose donor declared Gift Aid, per currency
 * @param lastDonationAt the latest {@code occurredAt} of an applied donation, null before the first
 * @param recentDonations the public part of the latest donations, oldest first, at most {@link #RECENT_DONATIONS}
 * @param refundedByCurrency minor units given back by refunds, per currency (already taken out of raised)
 * @param chargedBackByCurrency minor units taken back by chargebacks and lost disputes, per currency (likewise)
 * @param sources per donation source, keyed by {@link SourceKeys#encode}: a source may hold characters that are not
 *     safe in a field path
 * @param milestonesReached the thresholds (25, 50, 75, 100) whose milestone was recorded, each once
 * @param pendingMilestones recorded milestones whose event Kafka has not acknowledged yet
 * @param revision grows with every change other services must hear about
 * @param announced whether the current revision has been published on Kafka (the campaign's own outbox flag)
 * @param organiserTokenHash SHA-256 (hex) of the organiser's token; the token itself is never stored. Null for
 *     campaigns opened before organiser tokens existed: those cannot be changed through the API
 * @param endDate the last day donations are asked for, or null (stored as midnight UTC, see MongoConfiguration)
 * @param sourceChecks per giving page that reports its own totals (JustGiving), the last comparison with our count
 */
@Document("campaigns")
public record Campaign(
        @Id String id,
        String title,
        String story,
        Money target,
        String organiserName,
        String organiserEmail,
        CampaignStatus status,
        Instant createdAt,
        Map<String, Long> raisedByCurrency,
        long donationCount,
        long donorCount,
        Map<String, Long> giftAidByCurrency,
        Instant lastDonationAt,
        List<RecentDonation> recentDonations,
        Map<String, Long> refundedByCurrency,
        Map<String, Long> chargedBackByCurrency,
        Map<String, SourceTally> sources,
        List<Integer> milestonesReached,
        List<PendingMilestone> pendingMilestones,
        long revision,
        boolean announced,
        String organiserTokenHash,
        LocalDate endDate,
        Map<String, SourceCheck> sourceChecks) {

    /** How many recent donations the document keeps for the public page. */
    public static final int RECENT_DONATIONS = 10;

    public Campaign {
        raisedByCurrency = raisedByCurrency == null ? Map.of() : Map.copyOf(raisedByCurrency);
        giftAidByCurrency = giftAidByCurrency == null ? Map.of() : Map.copyOf(giftAidByCurrency);
        recentDonations = recentDonations == null ? List.of() : List.copyOf(recentDonations);
        refundedByCurrency = refundedByCurrency == null ? Map.of() : Map.copyOf(refundedByCurrency);
        chargedBackByCurrency = chargedBackByCurrency == null ? Map.of() : Map.copyOf(chargedBackByCurrency);
        sources = sources == null ? Map.of() : Map.copyOf(sources);
        milestonesReached = milestonesReached == null ? List.of() : List.copyOf(milestonesReached);
        pendingMilestones = pendingMilestones == null ? List.of() : List.copyOf(pendingMilestones);
        sourceChecks = sourceChecks == null ? Map.of() : Map.copyOf(sourceChecks);
    }

    static Campaign open(NewCampaign request, String id, OrganiserToken token, Instant now) {
        return new Campaign(
                id,
                request.title().strip(),
                request.story(),
                request.target().toMoney(),
                request.organiserName(),
                request.organiserEmail(),
                CampaignStatus.OPEN,
                now,
                Map.of(),
                0,
                0,
                Map.of(),
                null,
                List.of(),
                Map.of(),
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                1,
                false,
                token.hash(),
                request.endDate(),
                Map.of());
    }

    boolean isClosed() {
        return status == CampaignStatus.CLOSED;
    }

    long raisedIn(String currency) {
        return raisedByCurrency.getOrDefault(currency, 0L);
    }

    long giftAidIn(String currency) {
        return giftAidByCurrency.getOrDefault(currency, 0L);
    }

    long refundedIn(String currency) {
        return refundedByCurrency.getOrDefault(currency, 0L);
    }

    long chargedBackIn(String currency) {
        return chargedBackByCurrency.getOrDefault(currency, 0L);
    }
}
