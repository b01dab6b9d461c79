package org.givingstream.donation.export;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/campaigns/{campaignId}/donations.csv}: the campaign's donations for its organiser (401 without a
 * token, 403 with another campaign's, 422 for a campaign never announced), written as they are read.
 */
@RestController
class DonationsExportController {

    private static final Logger log = LoggerFactory.getLogger(DonationsExportController.class);

    private final OrganiserAccess organisers;
    private final DonationsCsv csv;

    DonationsExportController(OrganiserAccess organisers, DonationsCsv csv) {
        this.organisers = organisers;
        this.csv = csv;
    }

    @GetMapping("/api/campaigns/{campaignId}/donations.csv")
    void export(
            @PathVariable String campaignId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            HttpServletResponse response)
            throws IOException {
        organisers.require(campaignId, authorization);
        try (Writer out = CsvDownload.start(response, campaignId + "-donations.csv")) {
            long rows = csv.write(campaignId, out);
            log.info("Exported {} donations of campaign {} for its organiser", rows, campaignId);
        }
    }
}
