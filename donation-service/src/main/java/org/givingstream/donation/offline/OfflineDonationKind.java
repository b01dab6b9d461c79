package org.givingstream.donation.offline;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How offline money came in. Whether Gift Aid may be claimed depends on it. */
enum OfflineDonationKind {
    CASH("cash", true),
    SPONSORSHIP("sponsorship", true),
    TICKET_SALE("ticket-sale", false),
    CAKE_SALE("cake-sale", false),
    /** Anything else given freely (a bank transfer, a collection): Gift Aid as for cash. */
    OTHER("other", true);

    private final String wireName;
    private final boolean giftAidPossible;

    OfflineDonationKind(String wireName, boolean giftAidPossible) {
        this.wireName = wireName;
        this.giftAidPossible = giftAidPossible;
    }

    String wireName() {
        return wireName;
    }

    /** False for sales: the buyer received something for the money, so it is not a gift in HMRC's sense. */
    boolean giftAidPossible() {
        return giftAidPossible;
    }

    static Optional<OfflineDonationKind> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName.equals(name))
                .findFirst();
    }

    static String wireNames() {
        return Arrays.stream(values()).map(OfflineDonationKind::wireName).collect(Collectors.joining(", "));
    }
}
