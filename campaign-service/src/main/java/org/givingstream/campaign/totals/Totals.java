package org.givingstream.campaign.totals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.givingstream.campaign.campaigns.SourceKeys;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.DonationEventTypes;

/**
 * A campaign's countable totals as flat field paths of the campaign document ({@code raisedByCurrency.GBP},
 * {@code donationCount}, {@code sources.stripe.raisedByCurrency.GBP}, ...), zero entries left out.
 *
 * <p>One definition of what an event contributes ({@link Builder#add}) serves both sides: the live consumer folds a
 * batch into a delta and {@code $inc}s it, reconciliation sums the history with the same rules.
 */
public record Totals(SortedMap<String, Long> values) {

    public static final Totals EMPTY = new Totals(new TreeMap<>());
    static final List<String> CURRENCY_MAPS =
            List.of("raisedByCurrency", "giftAidByCurrency", "refundedByCurrency", "chargedBackByCurrency");
    static final List<String> COUNTS = List.of("donationCount", "donorCount");
    static final String SOURCES = "sources";

    public Totals {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    public long get(String path) {
        return values.getOrDefault(path, 0L);
    }

    /** The totals as stored in a raw campaign document. */
    public static Totals of(Document campaign) {
        Builder totals = builder();
        for (String map : CURRENCY_MAPS) {
            flatten(campaign.get(map, Document.class), map, totals);
        }
        for (String count : COUNTS) {
            totals.inc(count, number(campaign.get(count)));
        }
        Document sources = campaign.get(SOURCES, Document.class);
        if (sources != null) {
            sources.forEach((key, tally) -> {
                Document source = (Document) tally;
                String prefix = SOURCES + "." + key + ".";
                flatten(source.get("raisedByCurrency", Document.class), prefix + "raisedByCurrency", totals);
                totals.inc(prefix + "donationCount", number(source.get("donationCount")));
            });
        }
        return totals.build();
    }

    public record Difference(String field, long stored, long recomputed) {}

    /** Every field where {@code this} (stored) and {@code recomputed} disagree, in field order. */
    public List<Difference> differencesTo(Totals recomputed) {
        var fields = new TreeSet<>(values.keySet());
        fields.addAll(recomputed.values.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String field : fields) {
            if (get(field) != recomputed.get(field)) {
                differences.add(new Difference(field, get(field), recomputed.get(field)));
            }
        }
        return differences;
    }

    /** The {@code $set} that makes a campaign's stored totals exactly these (every totals field, absent ones zero). */
    Document asSet() {
        Document set = new Document();
        CURRENCY_MAPS.forEach(map -> set.append(map, new Document()));
        COUNTS.forEach(count -> set.append(count, 0L));
        set.append(SOURCES, new Document());
        values.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            if (parts.length == 1) {
                set.put(path, value);
                return;
            }
            Document parent = set.get(parts[0], Document.class);
            for (int i = 1; i < parts.length - 1; i++) {
                Document child = parent.get(parts[i], Document.class);
                if (child == null) {
                    child = new Document();
                    parent.put(parts[i], child);
                }
                parent = child;
            }
            parent.put(parts[parts.length - 1], value);
        });
        return set;
    }

    private static void flatten(Document byCurrency, String prefix, Builder totals) {
        if (byCurrency != null) {
            byCurrency.forEach((currency, amount) -> totals.inc(prefix + "." + currency, number(amount)));
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {

        private final Map<String, Long> values = new TreeMap<>();

        private Builder() {}

        /** What one event adds. */
        public Builder add(DonationEvent event) {
            return add(
                    event.type(),
                    event.source(),
                    event.amount().currency(),
                    event.giftAid(),
                    event.amount().minorUnits(),
                    1);
        }

        /**
         * What {@code count} events of one kind add, {@code amount} being their sum. A refund or chargeback takes its
         * amount out of raised (of its source too, and of the Gift Aid base when the donation had Gift Aid) and shows
         * it under its own heading; the donation still counts as a donation and its donor as a donor.
         */
        public Builder add(String type, String source, String currency, boolean giftAid, long amount, long count) {
            String bySource = SOURCES + "." + SourceKeys.encode(source) + ".";
            switch (type) {
                case DonationEventTypes.RECEIVED -> {
                    inc("raisedByCurrency." + currency, amount);
                    inc("donationCount", count);
                    inc(bySource + "raisedByCurrency." + currency, amount);
                    inc(bySource + "donationCount", count);
                    if (giftAid) {
                        inc("giftAidByCurrency." + currency, amount);
                    }
                }
                case DonationEventTypes.REFUNDED, DonationEventTypes.CHARGED_BACK -> {
                    String heading = type.equals(DonationEventTypes.REFUNDED) ? "refunded" : "chargedBack";
                    inc("raisedByCurrency." + currency, -amount);
                    inc(heading + "ByCurrency." + currency, amount);
                    inc(bySource + "raisedByCurrency." + currency, -amount);
                    if (giftAid) {
                        inc("giftAidByCurrency." + currency, -amount);
                    }
                }
                default -> {} // other event types leave the totals alone
            }
            return this;
        }

        public Builder donors(long newDonors) {
            return inc("donorCount", newDonors);
        }

        Builder inc(String path, long value) {
            values.merge(path, value, Math::addExact); // amounts are bounded per event; a wrap would still be loud
            return this;
        }

        public Totals build() {
            values.values().removeIf(value -> value == 0);
            return new Totals(new TreeMap<>(values));
        }
    }
}
