package org.givingstream.campaign.campaigns;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.givingstream.contracts.Money;

/**
 * The public view of a campaign: what the dashboard and the donation page show. No organiser contact, no donor
 * email, no payment references.
 *
 * @param raised donations in the campaign's own currency
 * @param percentOfTarget {@code raised / target} in percent, rounded down to one decimal (for display only: the
 *     amounts themselves are exact integers); may exceed 100
 * @param donorCount distinct donors: the same email twice is one donor; donors without email count once per donation
 * @param giftAidDeclared the part of {@code raised} whose donors declared Gift Aid
 * @param giftAid the Gift Aid the charity can claim on it: 25 % of {@code giftAidDeclared}, rounded down to the
 *     minor unit (basic rate 20 % on the gross gift is 25 p per pound donated)
 * @param refunded refunds in the campaign's currency, already taken out of {@code raised}
 * @param chargedBack chargebacks and lost disputes in the campaign's currency, already taken out of {@code raised}
 * @param milestonesReached the thresholds (percent of target) reached so far, never taken back
 * @param otherCurrencies donations in other currencies, each in its own currency, never converted
 * @param recentDonations newest first, at most {@link Campaign#RECENT_DONATIONS}
 * @param endDate the last day donations are asked for, or null for no end date
 * @param bySource what each donation source brought, in the campaign's currency, largest first
 * @param sourceChecks giving pages whose own totals are compared with what was counted from them (JustGiving), by
 *     page: where {@code agrees} is false, the dashboard says "JustGiving shows £X, we counted £Y"
 */
public record CampaignSummary(
        String id,
        String title,
        String story,
        CampaignStatus status,
        Money target,
        Money raised,
        long donationCount,
        long donorCount,
        BigDecimal percentOfTarget,
        Money giftAidDeclared,
        Money giftAid,
        Money refunded,
        Money chargedBack,
        Instant lastDonationAt,
        List<Integer> milestonesReached,
        List<Money> otherCurrencies,
        List<PublicDonation> recentDonations,
        LocalDate endDate,
        List<SourceTotal> bySource,
        List<SourceCheck> sourceChecks) {

    static final String ANONYMOUS = "Anonymous";

    public record PublicDonation(String donorName, Money amount, String message, Instant occurredAt) {}

    /**
     * @param source as donation-service names it: {@code stripe}, {@code paypal}, {@code gocardless}, {@code offline},
     *     or a Standard Webhooks platform's name
     * @param raised in the campaign's currency, refunds and chargebacks of this source taken out
     * @param donationCount donations received through this source, in any currency
     */
    public record SourceTotal(String source, Money raised, long donationCount) {}

    static CampaignSummary of(Campaign campaign) {
        String currency = campaign.target().currency();
        long raised = campaign.raisedIn(currency);
        long giftAidDeclared = campaign.giftAidIn(currency);
        return new CampaignSummary(
                campaign.id(),
                campaign.title(),
                campaign.story(),
                campaign.status(),
                campaign.target(),
                Money.of(raised, currency),
                campaign.donationCount(),
                campaign.donorCount(),
                percent(raised, campaign.target().minorUnits()),
                Money.of(giftAidDeclared, currency),
                Money.of(giftAidClaimable(giftAidDeclared), currency),
                Money.of(campaign.refundedIn(currency), currency),
                Money.of(campaign.chargedBackIn(currency), currency),
                campaign.lastDonationAt(),
                campaign.milestonesReached().stream().sorted().toList(),
                otherCurrencies(campaign),
                newestFirst(campaign.recentDonations()),
                campaign.endDate(),
                bySource(campaign.sources(), currency),
                campaign.sourceChecks().values().stream()
                        .sorted(Comparator.comparing(SourceCheck::source).thenComparing(SourceCheck::page))
                        .toList());
    }

    /** 25 % rounded down: integer division, never a claim for a penny not earned. */
    static long giftAidClaimable(long giftAidDeclared) {
        return Math.max(0, Math.floorDiv(giftAidDeclared, 4));
    }

    private static List<SourceTotal> bySource(Map<String, SourceTally> sources, String currency) {
        return sources.entrySet().stream()
                .map(source -> new SourceTotal(
                        SourceKeys.decode(source.getKey()),
                        Money.of(
                                Math.max(0, source.getValue().raisedByCurrency().getOrDefault(currency, 0L)), currency),
                        source.getValue().donationCount()))
                .sorted(Comparator.comparing(
                                (SourceTotal total) -> total.raised().minorUnits())
                        .reversed()
                        .thenComparing(SourceTotal::source))
                .toList();
    }

    /** Exact integer arithmetic: BigDecimal cannot overflow and never rounds up to a target not yet reached. */
    static BigDecimal percent(long raised, long target) {
        return BigDecimal.valueOf(raised)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(target), 1, RoundingMode.DOWN);
    }

    private static List<Money> otherCurrencies(Campaign campaign) {
        return campaign.raisedByCurrency().entrySet().stream()
                .filter(raised -> !raised.getKey().equals(campaign.target().currency()))
                .filter(raised -> raised.getValue() > 0)
                .map(raised -> Money.of(raised.getValue(), raised.getKey()))
                .sorted(Comparator.comparing(Money::currency))
                .toList();
    }

    private static List<PublicDonation> newestFirst(List<RecentDonation> recent) {
        return recent.stream()
                .sorted(Comparator.comparing(RecentDonation::occurredAt).reversed())
                .limit(Campaign.RECENT_DONATIONS)
                .map(donation -> new PublicDonation(
                        donation.donorName() == null ? ANONYMOUS : donation.donorName(),
                        donation.amount(),
                        donation.message(),
                        donation.occurredAt()))
                .toList();
    }
}
