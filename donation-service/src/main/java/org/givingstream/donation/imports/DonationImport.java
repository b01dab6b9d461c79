package org.givingstream.donation.imports;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.bson.Document;
import org.givingstream.donation.imports.ExportRow.Columns;
import org.givingstream.donation.imports.ImportProperties.Mapping;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.webhook.WebhookIntake;
import org.givingstream.donation.webhook.WebhookIntake.Delivered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Imports one uploaded export: every row read with Apache Commons CSV and checked first (a file that is not CSV is
 * refused whole), then the good rows fed into the same intake as every provider's webhook, in slices, keyed
 * {@code <source>:<transaction id>} (or {@code <source>:row-<hash of the row>} where the export has no id).
 *
 * <p>Effectively-once across uploads: the ledger keeps one donation per key, so an overlapping export adds only
 * its new rows; rows already in the ledger are not even sent again ({@code alreadyRecorded}). A bad row is refused
 * with its row number and reason, and the rest of the file is imported.
 */
@Component
class DonationImport {

    static final int SLICE = 200;
    static final int REFUSALS_SHOWN = 1000;
    private static final Logger log = LoggerFactory.getLogger(DonationImport.class);

    private final WebhookIntake intake;
    private final MongoTemplate mongo;
    private final ImportProperties properties;
    private final Clock clock;

    DonationImport(WebhookIntake intake, MongoTemplate mongo, ImportProperties properties, Clock clock) {
        this.intake = intake;
        this.mongo = mongo;
        this.properties = properties;
        this.clock = clock;
    }

    /** @param row the data row (1 = the first row after the header) */
    record Refusal(long row, String reason) {}

    /**
     * @param rows data rows in the file
     * @param imported donations sent to the ledger now
     * @param alreadyRecorded rows whose donation the ledger already had (an earlier, overlapping upload)
     * @param refusals the first {@link #REFUSALS_SHOWN} refused rows, with their reasons
     */
    record Report(
            String source, long rows, long imported, long alreadyRecorded, long refused, List<Refusal> refusals) {}

    Report run(String campaignId, String source, Mapping mapping, String csv) {
        List<IncomingDonation> good = new ArrayList<>();
        List<Refusal> refusals = new ArrayList<>();
        long refused = 0;
        long rows = 0;
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setAllowMissingColumnNames(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.replace("\uFEFF", "")), format)) {
            Columns columns = Columns.of(parser.getHeaderMap(), mapping);
            Set<String> keys = new HashSet<>();
            Map<String, Integer> sameContent = new HashMap<>();
            for (CSVRecord record : parser) {
                rows++;
                String reason = null;
                if (rows > properties.maxRows()) {
                    reason = "a file may hold at most " + properties.maxRows() + " rows; upload the rest separately";
                } else {
                    try {
                        String content = ExportRow.contentHash(campaignId, record);
                        int occurrence = sameContent.merge(content, 1, Integer::sum) - 1;
                        IncomingDonation donation = ExportRow.read(
                                source,
                                campaignId,
                                mapping,
                                columns,
                                record,
                                occurrence == 0 ? content : content + "-" + occurrence,
                                clock.instant());
                        if (keys.add(donation.donationId())) {
                            good.add(donation);
                        } else {
                            reason = "the same transaction id as an earlier row of this file";
                        }
                    } catch (IllegalArgumentException e) {
                        reason = e.getMessage();
                    }
                }
                if (reason != null) {
                    refused++;
                    if (refusals.size() < REFUSALS_SHOWN) {
                        refusals.add(new Refusal(rows, reason));
                    }
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new ImportRefused("The file is not CSV that can be read (after data row " + rows + "): "
                    + rootMessage(e) + ". Nothing in it was imported.");
        }
        long alreadyRecorded = 0;
        long elsewhere = 0;
        for (int from = 0; from < good.size(); from += SLICE) {
            List<IncomingDonation> slice = good.subList(from, Math.min(good.size(), from + SLICE));
            Map<Object, String> recorded = recorded(slice);
            List<Delivered> fresh = new ArrayList<>();
            for (IncomingDonation donation : slice) {
                String campaignOfRecord = recorded.get(donation.donationId());
                if (campaignOfRecord == null) {
                    fresh.add(new Delivered("import", donation.providerEventId(), donation, false));
                } else if (campaignOfRecord.equals(campaignId)) {
                    alreadyRecorded++;
                } else {
                    refused++;
                    elsewhere++;
                    if (refusals.size() < REFUSALS_SHOWN) {
                        refusals.add(new Refusal(
                                rowOf(donation), "this transaction id is already counted for " + "another campaign"));
                    }
                }
            }
            if (!fresh.isEmpty()) {
                intake.recordAll(source, fresh); // durable (Kafka log, or the ledger) before the answer
            }
        }
        long imported = good.size() - alreadyRecorded - elsewhere;
        refusals.sort(Comparator.comparingLong(Refusal::row));
        Report report = new Report(source, rows, imported, alreadyRecorded, refused, refusals);
        log.info(
                "Import of {} for campaign {}: {} rows, {} imported, {} already recorded, {} refused",
                source,
                campaignId,
                rows,
                report.imported(),
                alreadyRecorded,
                refused);
        return report;
    }

    /** Of these donations, those the ledger already has, with the campaign each counts for. */
    private Map<Object, String> recorded(List<IncomingDonation> slice) {
        Map<Object, String> recorded = new HashMap<>();
        mongo.getCollection("donations")
                .find(new Document(
                        "_id",
                        new Document(
                                "$in",
                                slice.stream().map(IncomingDonation::donationId).toList())))
                .projection(new Document("payment.campaignId", 1))
                .forEach(donation -> recorded.put(
                        donation.get("_id"),
                        donation.get("payment", Document.class).getString("campaignId")));
        return recorded;
    }

    /** The data row a donation was read from ({@code providerEventId} is "import row N"). */
    private static long rowOf(IncomingDonation donation) {
        return Long.parseLong(donation.providerEventId().substring("import row ".length()));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
