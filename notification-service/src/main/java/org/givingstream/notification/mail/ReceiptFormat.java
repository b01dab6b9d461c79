package org.givingstream.notification.mail;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.givingstream.contracts.DonationEvent;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;

/** Turns a receipt into the words and numbers the templates show: British English, London time, exact money. */
final class ReceiptFormat {

    static final Locale LOCALE = Locale.UK;
    static final ZoneId ZONE = ZoneId.of("Europe/London");
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMMM yyyy", LOCALE).withZone(ZONE);

    private ReceiptFormat() {}

    /** The template variables; an optional line (Gift Aid, message) is left out by leaving its variable out. */
    static Map<String, Object> variables(ReceiptMail mail) {
        DonationEvent donation = mail.donation();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("greeting", greeting(donation.donor()));
        variables.put("receiptNumber", mail.receiptNumber());
        variables.put("campaign", mail.campaign().displayName());
        if (mail.campaign().organiserName() != null
                && !mail.campaign().organiserName().isBlank()) {
            variables.put("organiser", mail.campaign().organiserName().strip());
        }
        variables.put("amount", money(donation.amount()));
        variables.put("date", date(donation.occurredAt()));
        variables.put("reference", reference(donation.source(), donation.providerReference()));
        if (donation.giftAid()) {
            variables.put("giftAidValue", money(giftAidValue(donation.amount())));
        }
        if (blankToNull(donation.message()) != null) {
            variables.put("message", donation.message().strip());
        }
        return variables;
    }

    static String subject(ReceiptMail mail) {
        return "Thank you for your donation – receipt " + mail.receiptNumber();
    }

    /** Anonymous donors still get their receipt; it just does not name them. */
    static String greeting(Donor donor) {
        String name = blankToNull(donor.name());
        return name == null || donor.anonymous() ? "Thank you" : "Thank you, " + name.strip();
    }

    /** Exact: minor units become a BigDecimal with the currency's own scale, never a double. */
    static String money(Money money) {
        Currency currency = Currency.getInstance(money.currency());
        int scale = Math.max(0, currency.getDefaultFractionDigits()); // -1 for pseudo-currencies such as XXX
        NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(scale);
        format.setMaximumFractionDigits(scale);
        return format.format(BigDecimal.valueOf(money.minorUnits(), scale));
    }

    /** Gift Aid adds 25p per £1 given; whole minor units, rounded down, as the charity will claim it. */
    static Money giftAidValue(Money amount) {
        return Money.of(Math.multiplyExact(amount.minorUnits(), 25L) / 100, amount.currency());
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    static String reference(String source, String providerReference) {
        String reference = blankToNull(providerReference);
        return reference == null ? source : reference + " (" + source + ")";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
