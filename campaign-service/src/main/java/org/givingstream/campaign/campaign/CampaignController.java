package org.givingstream.campaign.campaign;

import jakarta.validation.Valid;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** {@code /api/campaigns}: open a campaign, read its public summary. */
@RestController
class CampaignController {

    static final String SUMMARY_PATH = "/api/campaigns/{id}";

    private final Campaigns campaigns;

    CampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @PostMapping("/api/campaigns")
    ResponseEntity<CampaignSummary> open(@Valid @RequestBody NewCampaign request) {
        Campaign campaign = campaigns.open(request);
        var location = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(SUMMARY_PATH)
                .buildAndExpand(campaign.id())
                .toUri();
        return ResponseEntity.created(location).body(CampaignSummary.of(campaign));
    }

    @GetMapping(SUMMARY_PATH)
    ResponseEntity<CampaignSummary> summary(@PathVariable String id) {
        // dashboards poll every 2 s: one second of caching lets a CDN or proxy absorb a crowd without going stale
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(1)))
                .body(campaigns.summary(id));
    }
}
