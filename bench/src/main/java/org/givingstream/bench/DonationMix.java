package org.givingstream.bench;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The stream of webhooks one scenario sends, and what the totals must be once they are all in. Per donation: a
 * {@code checkout.session.completed}; for {@code pairShare} of them also the {@code payment_intent.succeeded} of the
 * same payment (the same donation again); then, per donation, 5 % exact re-deliveries of an earlier webhook, 1 %
 * refunds of an earlier donation and 0.5 % forged deliveries (signed with the wrong secret). 70 % of the money goes
 * to one hot campaign, the rest spread over the others. Deterministic for a given seed. Not thread-safe: one
 * scheduler thread draws from it.
 */
final class DonationMix {

    static final double DUPLICATES = 0.05;
    static final double REFUNDS = 0.01;
    static final double FORGED = 0.005;
    private static final double HOT_SHARE = 0.70;
    private static final String[] NAMES = {
        "Amelia Hart",
        "Oliver Brook",
        "Isla Patel",
        "George Evans",
        "Ava Thompson",
        "Noah Williams",
        "Freya Clarke",
        "Arthur Singh",
        "Lily Morgan",
        "Harry Green"
    };

    private final String tag;
    private final List<String> campaigns;
    private final double pairShare;
    private final double emailShare;
    private final Random random;
    private final List<Gift> gifts = new ArrayList<>();
    private final List<String> sentBodies = new ArrayList<>();
    private final ArrayDeque<Gift> intentsToSend = new ArrayDeque<>();
    private final List<Gift> refundable = new ArrayList<>();
    private final List<Gift> refunded = new ArrayList<>();

    /** @param campaigns the first is the hot one */
    DonationMix(String tag, List<String> campaigns, double pairShare, double emailShare, long seed) {
        this.tag = tag;
        this.campaigns = List.copyOf(campaigns);
        this.pairShare = pairShare;
        this.emailShare = emailShare;
        this.random = new Random(seed);
    }

    /** Webhooks per donation on average: the generator's rate is the donation rate times this. */
    static double webhooksPerDonation(double pairShare) {
        return 1 + pairShare + DUPLICATES + REFUNDS + FORGED;
    }

    Webhook next() {
        double roll = random.nextDouble() * webhooksPerDonation(pairShare);
        long now = Instant.now().getEpochSecond();
        if (roll < 1) {
            return newDonation(now);
        }
        roll -= 1;
        if (roll < pairShare && !intentsToSend.isEmpty()) {
            return remember(new Webhook(
                    Webhook.Kind.PAYMENT_INTENT,
                    StripeEvents.paymentIntentSucceeded(intentsToSend.poll(), now),
                    false));
        }
        roll -= pairShare;
        if (roll < DUPLICATES && !sentBodies.isEmpty()) {
            // Stripe re-delivers the very same event (same id and body), signed afresh
            return new Webhook(Webhook.Kind.DUPLICATE, sentBodies.get(random.nextInt(sentBodies.size())), false);
        }
        roll -= DUPLICATES;
        if (roll < REFUNDS && !refundable.isEmpty()) {
            Gift gift = refundable.remove(random.nextInt(refundable.size()));
            refunded.add(gift);
            return remember(new Webhook(Webhook.Kind.REFUND, StripeEvents.chargeRefunded(gift, now), false));
        }
        roll -= REFUNDS;
        if (roll < FORGED) {
            Gift fake = gift("pi_forged_" + tag + "_" + random.nextInt(1_000_000));
            return new Webhook(Webhook.Kind.FORGED, StripeEvents.checkoutCompleted(fake, now), true);
        }
        return newDonation(now);
    }

    private Webhook newDonation(long now) {
        Gift gift = gift("pi_" + tag + "_" + gifts.size());
        gifts.add(gift);
        refundable.add(gift);
        if (random.nextDouble() < pairShare) {
            intentsToSend.add(gift);
        }
        return remember(new Webhook(Webhook.Kind.CHECKOUT, StripeEvents.checkoutCompleted(gift, now), false));
    }

    private Gift gift(String paymentIntent) {
        String campaign = random.nextDouble() < HOT_SHARE || campaigns.size() == 1
                ? campaigns.getFirst()
                : campaigns.get(1 + random.nextInt(campaigns.size() - 1));
        long amount = 100L * (5 + random.nextInt(96)); // £5 to £100
        String name = NAMES[random.nextInt(NAMES.length)];
        String email = random.nextDouble() < emailShare ? paymentIntent.replace('_', '.') + "@bench.example.org" : null;
        return new Gift(paymentIntent, campaign, amount, name, email, random.nextBoolean());
    }

    private Webhook remember(Webhook webhook) {
        sentBodies.add(webhook.body());
        return webhook;
    }

    List<Gift> gifts() {
        return List.copyOf(gifts);
    }

    List<Gift> refunded() {
        return List.copyOf(refunded);
    }

    /** What each campaign's summary must show once everything sent is in. */
    Map<String, Expected> expected() {
        Map<String, Expected> expected = new TreeMap<>();
        campaigns.forEach(c -> expected.put(c, Expected.NONE));
        gifts.forEach(g -> expected.merge(g.campaignId(), new Expected(g.amount(), 1, 0), Expected::plus));
        refunded.forEach(g -> expected.merge(g.campaignId(), new Expected(-g.amount(), 0, g.amount()), Expected::plus));
        return expected;
    }

    long receiptsOwed() {
        return gifts.stream().filter(g -> g.email() != null).count();
    }

    /** Totals of one campaign in pence. */
    record Expected(long raised, long donationCount, long refunded) {
        static final Expected NONE = new Expected(0, 0, 0);

        Expected plus(Expected other) {
            return new Expected(raised + other.raised, donationCount + other.donationCount, refunded + other.refunded);
        }
    }
}
