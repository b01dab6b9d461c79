package org.givingstream.campaign.campaigns;

import jakarta.validation.Valid;
import org.givingstream.campaign.admin.AdminCredential;
import org.givingstream.campaign.admin.PlatformAdmin;
import org.givingstream.campaign.organiser.OrganiserToken;
import org.givingstream.campaign.organiser.OrganiserTokenArguments;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/campaigns}: open a campaign (the platform administrator; its public summary is the summary
 * package's), change or close it (its organiser only, by the token handed out when it opened), and replace or revoke that token
 * (its organiser, or the administrator when the organiser lost it).
 */
@RestController
class CampaignController {

    static final String SUMMARY_PATH = "/api/campaigns/{id}";
    static final String TOKEN_PATH = SUMMARY_PATH + "/organiser-token";

    private final Campaigns campaigns;
    private final AdminCredential admin;
    private final ApplicationEventPublisher events;

    CampaignController(Campaigns campaigns, AdminCredential admin, ApplicationEventPublisher events) {
        this.campaigns = campaigns;
        this.admin = admin;
        this.events = events;
    }

    /** The administrator comes first so that it is checked before the body: 401, then 400, 409. */
    @PostMapping("/api/campaigns")
    ResponseEntity<CreatedCampaign> open(PlatformAdmin administrator, @Valid @RequestBody NewCampaign request) {
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

    /** The token comes first so that it is checked before the body: 401, then 400, 404, 403, 409. */
    @PatchMapping(SUMMARY_PATH)
    CampaignSummary change(OrganiserToken token, @PathVariable String id, @Valid @RequestBody CampaignChanges changes) {
        Campaign changed = campaigns.change(id, token, changes);
        events.publishEvent(new CampaignChanged(id));
        return CampaignSummary.of(changed);
    }

    @PostMapping(SUMMARY_PATH + "/close")
    CampaignSummary close(OrganiserToken token, @PathVariable String id) {
        Campaign closed = campaigns.close(id, token);
        events.publishEvent(new CampaignChanged(id));
        return CampaignSummary.of(closed);
    }

    /**
     * A new organiser token, shown this once; the one presented (or any other) stops working. The caller is the
     * organiser (their current token) or the platform administrator (their own token).
     */
    @PostMapping(TOKEN_PATH)
    ResponseEntity<IssuedToken> replaceToken(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        OrganiserToken fresh = OrganiserToken.generate();
        replaceOrganiserToken(id, authorization, fresh);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore()) // the body holds the organiser's secret
                .body(new IssuedToken(id, fresh.value()));
    }

    /** No organiser token at all: nobody can act as the organiser until the administrator issues a new one. */
    @DeleteMapping(TOKEN_PATH)
    ResponseEntity<Void> revokeToken(
            @PathVariable String id,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        replaceOrganiserToken(id, authorization, null);
        return ResponseEntity.noContent().build();
    }

    /** The administrator's token first: it need not look like an organiser token (any strong token may be one). */
    private void replaceOrganiserToken(String id, String authorization, OrganiserToken fresh) {
        if (admin.isAdmin(authorization)) {
            campaigns.replaceOrganiserToken(id, null, true, fresh);
        } else {
            campaigns.replaceOrganiserToken(id, OrganiserTokenArguments.parse(authorization), false, fresh);
        }
    }

    /** The answer to a token replacement. */
    record IssuedToken(String campaignId, String organiserToken) {}
}
