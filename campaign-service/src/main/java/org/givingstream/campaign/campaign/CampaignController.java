package org.givingstream.campaign.campaign;

import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/campaigns}: open a campaign (anyone may), read its public summary (anyone, cheaply), and change or
 * close it (its organiser only, by the token handed out when it opened).
 */
@RestController
class CampaignController {

    static final String SUMMARY_PATH = "/api/campaigns/{id}";

    private final Campaigns campaigns;
    private final SummaryCache summaries;

    CampaignController(Campaigns campaigns, SummaryCache summaries) {
        this.campaigns = campaigns;
        this.summaries = summaries;
    }

    @PostMapping("/api/campaigns")
    ResponseEntity<CreatedCampaign> open(@Valid @RequestBody NewCampaign request) {
        OrganiserToken token = OrganiserToken.generate();
        Campaign campaign = campaigns.open(request, token);
        var location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(SUMMARY_PATH)
                .buildAndExpand(campaign.id())
                .toUri();
        return ResponseEntity.created(location)
                .cacheControl(CacheControl.noStore()) // the body holds the organiser's secret
                .body(new CreatedCampaign(CampaignSummary.of(campaign), token.value()));
    }

    /**
     * The JSON is sent as cached, byte for byte, so its strong ETag holds; Spring answers a matching
     * {@code If-None-Match} with {@code 304}. One second of public caching lets a proxy absorb a crowd too.
     */
    @GetMapping(SUMMARY_PATH)
    ResponseEntity<String> summary(@PathVariable String id) {
        CachedSummary summary = summaries.get(id);
        return ResponseEntity.ok()
                .eTag(summary.etag())
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(1)).cachePublic())
                .contentType(MediaType.APPLICATION_JSON)
                .body(summary.json());
    }

    /** The token comes first so that it is checked before the body: 401, then 400, 404, 403, 409. */
    @PatchMapping(SUMMARY_PATH)
    CampaignSummary change(
            OrganiserToken token, @PathVariable String id, @Valid @RequestBody CampaignChanges changes) {
        Campaign changed = campaigns.change(id, token, changes);
        summaries.invalidate(id);
        return CampaignSummary.of(changed);
    }

    @PostMapping(SUMMARY_PATH + "/close")
    CampaignSummary close(OrganiserToken token, @PathVariable String id) {
        Campaign closed = campaigns.close(id, token);
        summaries.invalidate(id);
        return CampaignSummary.of(closed);
    }
}
