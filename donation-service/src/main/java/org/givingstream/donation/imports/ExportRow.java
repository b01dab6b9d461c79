package org.givingstream.donation.imports;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.givingstream.contracts.Donor;
import org.givingstream.contracts.Money;
import org.givingstream.donation.imports.ImportProperties.Mapping;
import org.givingstream.donation.ledger.DecimalMoney;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.Sha256;

/** One row of a source's export read into a donation, or refused with the reason. */
final class ExportRow {

    private static final int ID_MAX = 64;
    private static final int NAME_MAX = 200;
    private static final int MESSAGE_MAX = 1000;

    private ExportRow() {}

    /** Where each mapped column is in this file, by header text (case and surrounding spaces ignored). */
    record Columns(
            Integer id,
            int date,
            int amount,
            Integer currency,
            Integer donorName,
            Integer anonymous,
            Integer message,
            Integer giftAid) {

        /** @throws ImportRefused when the file lacks the date or amount column */
        static Columns of(Map<String, Integer> header, Mapping mapping) {
            Map<String, Integer> byName = new HashMap<>();
            header.forEach((name, index) -> byName.putIfAbsent(normal(name), index));
            Integer date = byName.get(normal(mapping.date()));
            Integer amount = byName.get(normal(mapping.amount()));
            if (date == null || amount == null) {
                throw new ImportRefused("The file needs the columns \"" + mapping.date() + "\" and \""
                        + mapping.amount() + "\" in its first row; it has " + header.keySet() + ".");
            }
            return new Columns(
                    find(byName, mapping.id()),
                    date,
                    amount,
                    find(byName, mapping.currency()),
                    find(byName, mapping.donorName()),
                    find(byName, mapping.anonymous()),
                    find(byName, mapping.message()),
                    find(byName, mapping.giftAid()));
        }

        private static Integer find(Map<String, Integer> byName, String column) {
            return column == null ? null : byName.get(normal(column));
        }

        private static String normal(String name) {
            return name == null ? "" : name.strip().replace("\uFEFF", "").toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param contentKey the row's key when it has no transaction id: {@link #contentHash}, then how many rows of the
     *     file before it had exactly its content
     * @throws IllegalArgumentException saying why the row cannot be a donation
     */
    static IncomingDonation read(
            String source,
            String campaignId,
            Mapping mapping,
            Columns columns,
            CSVRecord record,
            String contentKey,
            Instant now) {
        String transactionId = cell(record, columns.id());
        String key;
        if (transactionId == null) {
            key = "row-" + contentKey;
        } else if (transactionId.length() <= ID_MAX && transactionId.matches("[A-Za-z0-9._-]+")) {
            key = transactionId;
        } else {
            throw new IllegalArgumentException(
                    "the transaction id must be up to " + ID_MAX + " letters, digits, dots, hyphens or underscores");
        }
        String currency = cell(record, columns.currency());
        Money amount = DecimalMoney.payment(
                cell(record, columns.amount()), currency == null ? mapping.defaultCurrency() : currency);
        Instant occurredAt = date(cell(record, columns.date()), mapping);
        if (occurredAt.isAfter(now.plusSeconds(86_400))) {
            throw new IllegalArgumentException("the date " + cell(record, columns.date()) + " is in the future");
        }
        String name = cell(record, columns.donorName());
        String message = cell(record, columns.message());
        if (name != null && name.length() > NAME_MAX) {
            throw new IllegalArgumentException("the donor name is longer than " + NAME_MAX + " characters");
        }
        if (message != null && message.length() > MESSAGE_MAX) {
            throw new IllegalArgumentException("the message is longer than " + MESSAGE_MAX + " characters");
        }
        boolean anonymous = name == null || yes(cell(record, columns.anonymous()), mapping);
        Donor donor = new Donor(name == null ? "Anonymous" : name, null, anonymous);
        return new IncomingDonation(
                source + ":" + key,
                campaignId,
                amount,
                yes(cell(record, columns.giftAid()), mapping),
                donor,
                message,
                source,
                key,
                "import row " + (record.getRecordNumber() - 1),
                occurredAt);
    }

    /**
     * The row's content and its campaign, for a key that stays the same when the row comes again (the campaign is
     * part of it: the same anonymous £5 at the same minute in another appeal is another gift).
     */
    static String contentHash(String campaignId, CSVRecord record) {
        byte[][] parts = new byte[record.size() + 1][];
        parts[0] = campaignId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < record.size(); i++) {
            parts[i + 1] = record.get(i).strip().getBytes(StandardCharsets.UTF_8);
        }
        return Sha256.hex(parts).substring(0, 32);
    }

    private static Instant date(String text, Mapping mapping) {
        if (text == null) {
            throw new IllegalArgumentException("the date is missing");
        }
        for (String pattern : mapping.dateFormats()) {
            try {
                TemporalAccessor parsed =
                        DateTimeFormatter.ofPattern(pattern, Locale.UK).parse(text);
                if (parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
                    return LocalDateTime.from(parsed).atZone(mapping.zone()).toInstant();
                }
                return LocalDate.from(parsed).atStartOfDay(mapping.zone()).toInstant();
            } catch (DateTimeException e) {
                // the next format, then the refusal below
            }
        }
        throw new IllegalArgumentException("the date " + text + " matches none of " + mapping.dateFormats());
    }

    private static boolean yes(String value, Mapping mapping) {
        return value != null && mapping.yes().stream().anyMatch(value::equalsIgnoreCase);
    }

    private static String cell(CSVRecord record, Integer column) {
        if (column == null || column >= record.size()) {
            return null;
        }
        String value = record.get(column).strip();
        return value.isEmpty() ? null : value;
    }
}
