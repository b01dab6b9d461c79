package org.givingstream.notification.ops;

import java.time.Instant;
import java.util.List;
import org.givingstream.httpguard.BearerToken;
import org.givingstream.notification.ops.OpsRequestRefused.Reason;
import org.givingstream.notification.outgoing.Notification;
import org.givingstream.notification.outgoing.Notification.Status;
import org.givingstream.notification.outgoing.NotificationDrain;
import org.givingstream.notification.outgoing.NotificationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * For organisers' support and ops: what became of a donor's emails, and a resend when a donor asks for one.
 * Guarded by the ops token ({@code notifications.ops.token}) as {@code Authorization: Bearer <token>}.
 */
@RestController
@RequestMapping("/api/notifications")
class NotificationOpsController {

    private static final Logger log = LoggerFactory.getLogger(NotificationOpsController.class);
    private static final int MAX_BY_EMAIL = 100;

    private final NotificationStore store;
    private final NotificationDrain drain;
    private final BearerToken token;

    NotificationOpsController(NotificationStore store, NotificationDrain drain, OpsProperties properties) {
        this.store = store;
        this.drain = drain;
        this.token = BearerToken.configured("notifications.ops.token", properties.token());
        if (!token.isConfigured()) {
            log.warn("notifications.ops.token is not set: the ops API refuses every request");
        }
    }

    @GetMapping
    List<NotificationView> find(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestParam(required = false) String donationId,
            @RequestParam(required = false) String email) {
        authenticate(authorization);
        boolean byDonation = donationId != null && !donationId.isBlank();
        boolean byEmail = email != null && !email.isBlank();
        if (byDonation == byEmail) {
            throw new OpsRequestRefused(Reason.INVALID_QUERY, "Ask for exactly one of donationId or email.");
        }
        List<Notification> found = byDonation ? store.byDonation(donationId) : store.byRecipient(email, MAX_BY_EMAIL);
        return found.stream().map(NotificationView::of).toList();
    }

    /**
     * A deliberate second mail: the same receipt number (the donation is the same), a new Message-ID, because a
     * mail client (Gmail does) would otherwise collapse it into the copy the donor could not find.
     */
    @PostMapping("/{id}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    NotificationView resend(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @PathVariable String id) {
        authenticate(authorization);
        Notification current = store.find(id);
        if (current == null) {
            throw new OpsRequestRefused(Reason.NOT_FOUND, "No notification " + id + ".");
        }
        Notification queued = store.resend(current)
                .orElseThrow(() -> new OpsRequestRefused(
                        Reason.STILL_PENDING, "Notification " + id + " is still pending: it is on its way already."));
        log.info("{} {} queued again on request (resend {})", queued.kind(), id, queued.resends());
        drain.wakeUp();
        return NotificationView.of(queued);
    }

    private void authenticate(String authorization) {
        if (!token.matches(authorization)) {
            throw new OpsRequestRefused(
                    Reason.NOT_AUTHENTICATED, "Send the ops token as 'Authorization: Bearer <token>'.");
        }
    }

    record NotificationView(
            String id,
            String kind,
            Status status,
            String to,
            String donationId,
            String campaignId,
            String receiptNumber,
            String messageId,
            int attempts,
            String lastError,
            int resends,
            Instant createdAt,
            Instant queuedAt,
            Instant lastAttemptAt,
            Instant nextAttemptAt,
            Instant sentAt,
            Instant failedAt) {

        static NotificationView of(Notification n) {
            return new NotificationView(
                    n.id(),
                    n.kind(),
                    n.status(),
                    n.to(),
                    n.donationId(),
                    n.campaignId(),
                    n.receiptNumber(),
                    n.messageId(),
                    n.attempts(),
                    n.lastError(),
                    n.resends(),
                    n.createdAt(),
                    n.queuedAt(),
                    n.lastAttemptAt(),
                    n.status() == Status.PENDING ? n.nextAttemptAt() : null,
                    n.sentAt(),
                    n.failedAt());
        }
    }
}
