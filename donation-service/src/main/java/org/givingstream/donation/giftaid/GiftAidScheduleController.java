package org.givingstream.donation.giftaid;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.givingstream.donation.export.CsvDownload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/campaigns/{campaignId}/gift-aid/schedule.csv?from=2026-04-06&to=2027-04-05}: the Gift Aid claim
 * schedule for HMRC, for the campaign's organiser only (the only place donors' names and addresses leave the
 * service). What was left out comes back as the {@code Gift-Aid-Left-Out} header.
 */
@RestController
class GiftAidScheduleController {

    static final String LEFT_OUT = "Gift-Aid-Left-Out";
    /** HMRC takes claims for donations up to four years back; a longer period is a mistake, not a claim. */
    private static final long MAX_PERIOD_DAYS = 4 * 366;

    private static final Logger log = LoggerFactory.getLogger(GiftAidScheduleController.class);

    private final OrganiserAccess organisers;
    private final GiftAidSchedule schedule;

    GiftAidScheduleController(OrganiserAccess organisers, GiftAidSchedule schedule) {
        this.organisers = organisers;
        this.schedule = schedule;
    }

    @GetMapping("/api/campaigns/{campaignId}/gift-aid/schedule.csv")
    void schedule(
            @PathVariable String campaignId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(name = "from", required = false) String fromText,
            @RequestParam(name = "to", required = false) String toText,
            HttpServletResponse response)
            throws IOException {
        organisers.require(campaignId, authorization); // before anything about the query: 401/403 first
        LocalDate from = date("from", fromText);
        LocalDate to = date("to", toText);
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > MAX_PERIOD_DAYS) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "from must be on or before to, and at most four years before it");
        }
        // built first (one row per claimable donation, aggregated cash apart), so the left-out counts can be a header
        StringWriter rows = new StringWriter();
        GiftAidSchedule.Left left = schedule.write(campaignId, from, to, rows);
        response.setHeader(
                LEFT_OUT,
                "refunded=%d, no-declaration=%d, not-sterling=%d"
                        .formatted(left.refunded(), left.withoutDeclaration(), left.notSterling()));
        try (Writer out = CsvDownload.start(response, campaignId + "-gift-aid-" + from + "-to-" + to + ".csv")) {
            out.write(rows.toString());
        }
        log.info(
                "Gift Aid schedule of campaign {} from {} to {} sent to its organiser; left out: {}",
                campaignId,
                from,
                to,
                left);
    }

    private static LocalDate date(String name, String text) {
        try {
            return LocalDate.parse(text == null ? "" : text);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, name + " must be a date like 2026-04-06");
        }
    }
}
