package org.givingstream.donation.giftaid;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bson.Document;
import org.givingstream.donation.export.CampaignDonations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.stereotype.Component;

/**
 * A campaign's Gift Aid claim for a period as the rows of HMRC's Charities Online schedule, in its columns and
 * order, written with Commons CSV for the charity to paste into HMRC's spreadsheet.
 *
 * <p>What is claimed: donations with Gift Aid ticked AND a declaration that passed {@link DeclarationRules}, in
 * pounds sterling, with nothing refunded or charged back. Offline donations of £20 or less that are not
 * sponsorship are aggregated as HMRC allows: no name or address, up to £1,000 a row, dated by the last donation in
 * the row. Everything else claimable is one row per donation, by date. What was left out, and why, is counted.
 */
@Component
public class GiftAidSchedule {

    static final String[] HEADER = {
        "Title",
        "First name",
        "Last name",
        "House name or number",
        "Postcode",
        "Aggregated donations",
        "Sponsored event",
        "Donation date",
        "Donation amount"
    };
    static final long AGGREGATE_EACH_AT_MOST = 2_000; // £20
    static final long AGGREGATE_ROW_AT_MOST = 100_000; // £1,000
    static final String AGGREGATE_DESCRIPTION = "Cash donations of £20 or less";
    private static final DateTimeFormatter HMRC_DATE = DateTimeFormatter.ofPattern("dd/MM/yy");
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setHeader(HEADER).get();
    private static final String OFFLINE = "offline";
    private static final String STERLING = "GBP";

    /** HMRC's days; offline donations are stored at midnight UTC of their day, which is that day here too. */
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final CampaignDonations donations;

    GiftAidSchedule(CampaignDonations donations) {
        this.donations = donations;
    }

    /** What the schedule left out, by reason, for the organiser to follow up. */
    public record Left(long refunded, long withoutDeclaration, long notSterling) {}

    /** Writes the schedule of donations made from {@code from} to {@code to}, both inclusive, in UK days. */
    Left write(String campaignId, LocalDate from, LocalDate to, Writer out) throws IOException {
        Instant start = from.atStartOfDay(UK).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(UK).toInstant();
        Criteria giftAidInPeriod = Criteria.where("payment.giftAid")
                .is(true)
                .and("payment.occurredAt")
                .gte(start)
                .lt(end);
        long refunded = 0;
        long withoutDeclaration = 0;
        long notSterling = 0;
        Aggregate aggregate = new Aggregate();
        try (Stream<Document> claimable = donations.inTimeOrder(campaignId, giftAidInPeriod);
                CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
            for (Document donation : (Iterable<Document>) claimable::iterator) {
                Document payment = donation.get("payment", Document.class);
                Document amount = payment.get("amount", Document.class);
                Document declaration = payment.get("giftAidDeclaration", Document.class);
                Number reversed = donation.get("reversedMinorUnits", Number.class);
                long pence = amount.get("minorUnits", Number.class).longValue();
                LocalDate date = LocalDate.ofInstant(
                        payment.get("occurredAt", Date.class).toInstant(), UK);
                if (reversed != null && reversed.longValue() > 0) {
                    refunded++;
                } else if (declaration == null) {
                    withoutDeclaration++;
                } else if (!STERLING.equals(amount.getString("currency"))) {
                    notSterling++;
                } else if (OFFLINE.equals(payment.getString("source"))
                        && pence <= AGGREGATE_EACH_AT_MOST
                        && !Boolean.TRUE.equals(declaration.getBoolean("sponsored"))) {
                    if (!aggregate.fits(pence)) {
                        aggregate.print(csv);
                    }
                    aggregate.add(pence, date);
                } else {
                    csv.printRecord(
                            orEmpty(declaration.getString("title")),
                            declaration.getString("firstName"),
                            declaration.getString("lastName"),
                            declaration.getString("houseNameOrNumber"),
                            declaration.getString("postcode"),
                            "",
                            Boolean.TRUE.equals(declaration.getBoolean("sponsored")) ? "Yes" : "",
                            HMRC_DATE.format(date),
                            pounds(pence));
                }
            }
            aggregate.print(csv);
        }
        return new Left(refunded, withoutDeclaration, notSterling);
    }

    /** HMRC's amounts: pounds with two decimals, no sign, no separator. */
    static String pounds(long pence) {
        return BigDecimal.valueOf(pence, 2).toPlainString();
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** The aggregated row being filled: at most £1,000, dated by its last donation. */
    private static final class Aggregate {
        private long pence;
        private LocalDate last;

        boolean fits(long more) {
            return pence + more <= AGGREGATE_ROW_AT_MOST;
        }

        void add(long more, LocalDate date) {
            pence += more;
            last = date;
        }

        void print(CSVPrinter csv) throws IOException {
            if (pence == 0) {
                return;
            }
            csv.printRecord("", "", "", "", "", AGGREGATE_DESCRIPTION, "", HMRC_DATE.format(last), pounds(pence));
            pence = 0;
            last = null;
        }
    }
}
