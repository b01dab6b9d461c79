package org.givingstream.donation.justgiving;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.DecimalMoney;
import tools.jackson.databind.JsonNode;

/**
 * One donation of a JustGiving page, as its API returns it.
 *
 * @param id JustGiving's donation id: ours is {@code justgiving:<id>}
 * @param amount {@code amount} in {@code currencyCode}, exact (what counts towards the page's total)
 * @param donorDisplayName absent for an anonymous donor
 * @param giftAid the donor declared Gift Aid ({@code estimatedTaxReclaim} above zero); JustGiving claims it itself
 * @param status JustGiving's status; only accepted donations are money in
 */
record JustGivingDonation(
        String id,
        Money amount,
        String donorDisplayName,
        String message,
        boolean giftAid,
        Instant donationDate,
        String status,
        String source,
        String thirdPartyReference) {

    private static final int ID_MAX = 40;
    private static final int TEXT_MAX = 500;

    /** Money in: accepted (or, from an API that leaves it out, no status at all). */
    boolean isMoneyIn() {
        return status == null || status.toLowerCase(Locale.ROOT).equals("accepted");
    }

    /** @throws IllegalArgumentException naming the field that cannot be read */
    static JustGivingDonation of(JsonNode donation) {
        String id = text(donation, "id");
        if (id == null || id.length() > ID_MAX || !id.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
            throw new IllegalArgumentException("id must be JustGiving's donation id, not " + abbreviate(id));
        }
        String currency = text(donation, "currencyCode");
        Money amount = DecimalMoney.payment(decimal(donation, "amount"), currency == null ? "" : currency);
        BigDecimal reclaim = number(donation.get("estimatedTaxReclaim"));
        return new JustGivingDonation(
                id,
                amount,
                abbreviate(text(donation, "donorDisplayName")),
                abbreviate(text(donation, "message")),
                reclaim != null && reclaim.signum() > 0,
                MicrosoftJsonDate.parse(text(donation, "donationDate")),
                abbreviate(text(donation, "status")),
                abbreviate(text(donation, "source")),
                abbreviate(text(donation, "thirdPartyReference")));
    }

    /** A JSON number or string, as its exact decimal text (the mapper reads floats as BigDecimal, never double). */
    static String decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue().toPlainString();
        }
        return value.isString() ? value.asString().strip() : null;
    }

    private static BigDecimal number(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        try {
            return value.isString() && !value.asString().isBlank()
                    ? new BigDecimal(value.asString().strip())
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainer()) {
            return null;
        }
        String text = value.asString().strip();
        return text.isEmpty() ? null : text;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= TEXT_MAX ? text : text.substring(0, TEXT_MAX);
    }
}
