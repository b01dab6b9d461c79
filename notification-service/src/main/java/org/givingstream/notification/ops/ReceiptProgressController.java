package org.givingstream.notification.ops;

import org.givingstream.notification.campaign.OrganiserAccess;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.NotificationStore;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/campaigns/{campaignId}/receipts}: for the campaign's organiser, how the thank-you emails are going
 * (sent, still on their way, failed for good). Counts only: which donor got what is the ops API's business.
 */
@RestController
class ReceiptProgressController {

    private final OrganiserAccess organisers;
    private final NotificationStore store;

    ReceiptProgressController(OrganiserAccess organisers, NotificationStore store) {
        this.organisers = organisers;
        this.store = store;
    }

    /** @param pending claimed and not yet accepted by the mail server (waiting, retrying or rate-limited) */
    record ReceiptProgress(String campaignId, long sent, long pending, long failed) {}

    @GetMapping("/api/campaigns/{campaignId}/receipts")
    ResponseEntity<ReceiptProgress> progress(
            @PathVariable String campaignId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        organisers.require(campaignId, authorization);
        var progress = new ReceiptProgress(
                campaignId,
                store.receiptsOf(campaignId, Notification.Status.SENT),
                store.receiptsOf(campaignId, Notification.Status.PENDING),
                store.receiptsOf(campaignId, Notification.Status.FAILED));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(progress);
    }
}
