package org.givingstream.donation.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Date;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * A campaign's donations as CSV for its organiser's books, oldest first, streamed from MongoDB one document at a
 * time (a campaign of a million donations needs no more memory than one of ten).
 *
 * <p>Amounts are decimals in the currency's own unit (exact: minor units moved by the currency's fraction digits);
 * refunds and chargebacks are one "Refunded" column. Donor names and messages are the public ones: "Anonymous"
 * where the donor asked for it or gave no name; never an email. Text a donor typed is hostile: a cell that a
 * spreadsheet would run as a formula is prefixed with an apostrophe (OWASP's CSV injection advice).
 */
@Component
class DonationsCsv {

    static final String[] HEADER = {
        "Time (UTC)", "Channel", "Amount", "Currency", "Gift Aid", "Refunded", "Donor", "Message"
    };
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setHeader(HEADER).get();
    private final CampaignDonations donations;

    DonationsCsv(CampaignDonations donations) {
        this.donations = donations;
    }

    /** @return how many donations were written */
    long write(String campaignId, Writer out) throws IOException {
        long rows = 0;
        try (Stream<Document> all = donations.inTimeOrder(campaignId, null);
                CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            for (Document donation : (Iterable<Document>) all::iterator) {
                print(csv, donation);
                rows++;
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return rows;
    }

    private static void print(CSVPrinter csv, Document donation) throws IOException {
        Document payment = donation.get("payment", Document.class);
        Document amount = payment.get("amount", Document.class);
        Document donor = payment.get("donor", Document.class);
        String currency = amount.getString("currency");
        Number reversed = donation.get("reversedMinorUnits", Number.class);
        csv.printRecord(
                payment.get("occurredAt", Date.class).toInstant().toString(),
                text(payment.getString("source")),
                decimal(amount.get("minorUnits", Number.class).longValue(), currency),
                currency,
                Boolean.TRUE.equals(payment.getBoolean("giftAid")) ? "yes" : "no",
                decimal(reversed == null ? 0 : reversed.longValue(), currency),
                text(displayName(donor)),
                text(payment.getString("message")));
    }

    private static String displayName(Document donor) {
        if (donor == null || Boolean.TRUE.equals(donor.getBoolean("anonymous"))) {
            return "Anonymous";
        }
        String name = donor.getString("name");
        return name == null || name.isBlank() ? "Anonymous" : name.strip();
    }

    /** Exact: 1050 GBP is 10.50, 1050 JPY is 1050. */
    static String decimal(long minorUnits, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(minorUnits, digits).toPlainString();
    }

    /** A cell a spreadsheet would evaluate ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR) is made text. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
