package org.givingstream.notification.outgoing;

import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.givingstream.notification.campaign.KnownCampaign;
import org.givingstream.notification.campaign.KnownCampaigns;
import org.givingstream.notification.mail.AddressCheckMail;
import org.givingstream.notification.mail.CampaignDetails;
import org.givingstream.notification.mail.Mail;
import org.givingstream.notification.mail.MailGateway;
import org.givingstream.notification.mail.MailGateway.Outcome;
import org.givingstream.notification.mail.MilestoneMail;
import org.givingstream.notification.mail.NotificationMailProperties;
import org.givingstream.notification.mail.ReceiptMail;
import org.givingstream.notification.mail.RefundMail;
import org.givingstream.notification.organiser.OrganiserAddresses;
import org.givingstream.notification.tracing.TraceParents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * One sending round of one notification whose attempt the caller has taken: compose the mail, send it through
 * the {@link MailGateway}, and record what happened.
 *
 * <p>After the SMTP server accepted a mail its SENT mark is handed to {@link SentMarks}, which writes a round's
 * marks together; a crash before they are written leaves them PENDING with a lease, and when the lease runs out they
 * are sent once more with the same Message-ID, which mail clients collapse (see {@link SentMarks}).
 */
@Component
class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"']+");
    private static final int MAX_ERROR_LENGTH = 500;

    private final NotificationStore store;
    private final SentMarks sentMarks;
    private final MailGateway gateway;
    private final KnownCampaigns campaigns;
    private final ReceiptProperties properties;
    private final NotificationMetrics metrics;
    private final Clock clock;
    private final TraceParents traces;
    private final OrganiserAddresses organiserAddresses;
    private final AddressChecks addressChecks;
    private final URI links;

    NotificationSender(
            NotificationStore store,
            SentMarks sentMarks,
            MailGateway gateway,
            KnownCampaigns campaigns,
            ReceiptProperties properties,
            NotificationMetrics metrics,
            Clock clock,
            TraceParents traces,
            OrganiserAddresses organiserAddresses,
            AddressChecks addressChecks,
            NotificationMailProperties mail) {
        this.traces = traces;
        this.organiserAddresses = organiserAddresses;
        this.addressChecks = addressChecks;
        this.links = URI.create(mail.linksBaseUrl().replaceAll("/+$", "") + "/");
        this.store = store;
        this.sentMarks = sentMarks;
        this.gateway = gateway;
        this.campaigns = campaigns;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @return whether the SMTP server accepted the mail (its SENT mark is then with {@link SentMarks}) */
    boolean attempt(Notification notification) {
        try (var ignored = MDC.putCloseable("donationId", notification.donationId())) {
            Optional<Mail> mail = compose(notification);
            if (mail.isEmpty()) {
                return false;
            }
            // in the trace of the event that caused it: a donation id leads to its webhook, total and email
            return traces.continueTrace(
                    notification.traceparent(), "notification send", () -> send(notification, mail.get()));
        } catch (RuntimeException e) {
            // MongoDB trouble, a template bug: the lease runs out and the drain tries again later
            log.warn("Sending notification {} failed unexpectedly", notification.id(), e);
            return false;
        }
    }

    /** The mail to send, or empty when the notification has to wait (and has been postponed or failed). */
    private Optional<Mail> compose(Notification n) {
        Optional<KnownCampaign> campaign = campaigns.find(n.campaignId());
        return switch (n.kind()) {
            case Notification.RECEIPT ->
                campaignDetails(n, campaign)
                        .map(details -> new ReceiptMail(n.to(), n.receiptNumber(), n.messageId(), n.event(), details));
            case Notification.REFUND ->
                campaignDetails(n, campaign)
                        .map(details -> new RefundMail(
                                n.to(),
                                n.receiptNumber(),
                                n.messageId(),
                                ReceiptNumber.forDonation(n.donationId()).messageId(),
                                n.event(),
                                details));
            case Notification.MILESTONE ->
                organiser(n, campaign)
                        .map(to ->
                                new MilestoneMail(to, n.messageId(), n.milestone(), details(n.campaignId(), campaign)));
            case Notification.ADDRESS_CHECK ->
                confirmLink(n)
                        .map(link ->
                                new AddressCheckMail(n.to(), n.messageId(), details(n.campaignId(), campaign), link));
            default -> throw new IllegalStateException("unknown notification kind " + n.kind());
        };
    }

    /**
     * The campaign's title and organiser for a donor's mail. Campaigns are announced before they take money, so
     * the details normally arrive first; if our copy lags, the mail waits at most {@code campaign-wait} and then
     * names the campaign by its id: a receipt without a title is better than a receipt held back.
     */
    private Optional<CampaignDetails> campaignDetails(Notification n, Optional<KnownCampaign> campaign) {
        Instant now = clock.instant();
        Instant waitUntil = n.queuedAt().plus(properties.campaignWait());
        if (campaign.isEmpty() && now.isBefore(waitUntil)) {
            Instant next = now.plus(properties.retryDelay());
            store.postpone(n, "waiting for the campaign's details", next.isBefore(waitUntil) ? next : waitUntil);
            return Optional.empty();
        }
        return Optional.of(details(n.campaignId(), campaign));
    }

    /**
     * Milestone emails go to the organiser's address once it is confirmed: until campaign-service has told us the
     * address, and then until the organiser has followed the link of its check, they wait.
     */
    private Optional<String> organiser(Notification n, Optional<KnownCampaign> campaign) {
        Optional<String> email = campaign.map(KnownCampaign::organiserEmail).filter(address -> !address.isBlank());
        if (email.isEmpty()) {
            waitOrGiveUp(n, "waiting for the organiser's email address");
            return Optional.empty();
        }
        if (!organiserAddresses.isConfirmed(n.campaignId(), email.get())) {
            addressChecks.ask(n.campaignId(), email.get()); // normally asked when the campaign was announced
            waitOrGiveUp(n, "waiting for the organiser to confirm their address");
            return Optional.empty();
        }
        return email;
    }

    /** The link of an address check; its secret is kept only until the mail is out, so a resend cannot have it. */
    private Optional<URI> confirmLink(Notification n) {
        if (n.linkToken() == null) {
            store.markFailed(
                    n, "an address check's link is sent once; a new check is made when the address is needed", false);
            return Optional.empty();
        }
        return Optional.of(links.resolve("organiser-addresses/confirm?token=" + n.linkToken()));
    }

    private boolean send(Notification notification, Mail mail) {
        Timer.Sample sample = metrics.startSend();
        Outcome outcome = gateway.send(mail);
        switch (outcome.kind()) {
            case SENT -> {
                metrics.sent(notification.kind(), sample);
                sentMarks.add(new SentMark(notification.id(), notification.messageId(), mail.to(), clock.instant()));
                log.debug("{} {} sent", notification.kind(), notification.id()); // the drain logs per round
                return true;
            }
            case PERMANENT -> {
                String error = describe(outcome.failure(), mail.to());
                metrics.failed(notification.kind(), sample);
                store.markFailed(notification, error, true);
                log.warn("{} {} refused for good, not retried: {}", notification.kind(), notification.id(), error);
            }
            case TRANSIENT -> {
                metrics.failedAttempt(notification.kind(), sample);
                transientFailure(notification, describe(outcome.failure(), mail.to()));
            }
            case NOT_TRIED ->
                store.postpone(
                        notification,
                        "SMTP circuit breaker open or no rate permit",
                        clock.instant().plus(gateway.openFor()));
        }
        return false;
    }

    private void transientFailure(Notification notification, String error) {
        if (expired(notification)) {
            store.markFailed(notification, "gave up after " + properties.giveUpAfter() + ": " + error, true);
            metrics.gaveUp(notification.kind());
            log.warn(
                    "{} {} given up after {}: {}",
                    notification.kind(),
                    notification.id(),
                    properties.giveUpAfter(),
                    error);
            return;
        }
        store.recordFailure(notification, error);
        log.warn(
                "{} {} not sent, will retry in {}: {}",
                notification.kind(),
                notification.id(),
                properties.retryDelay(),
                error);
    }

    private void waitOrGiveUp(Notification notification, String reason) {
        if (expired(notification)) {
            store.markFailed(notification, "gave up " + reason, false);
            metrics.gaveUp(notification.kind());
        } else {
            store.postpone(notification, reason, clock.instant().plus(properties.retryDelay()));
        }
    }

    private boolean expired(Notification notification) {
        return clock.instant().isAfter(notification.queuedAt().plus(properties.giveUpAfter()));
    }

    private static CampaignDetails details(String campaignId, Optional<KnownCampaign> campaign) {
        return campaign.map(c -> new CampaignDetails(campaignId, c.title(), c.organiserName()))
                .orElseGet(() -> CampaignDetails.onlyId(campaignId));
    }

    /** The most specific cause, with any address replaced: donor emails never reach logs or the ops API's errors. */
    static String describe(Exception e, String to) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (cause != e) {
            text = e.getClass().getSimpleName() + " <- " + text;
        }
        if (to != null && !to.isBlank()) {
            text = text.replace(to, "<address>"); // also an address too broken for the pattern below
        }
        text = ADDRESS.matcher(text).replaceAll("<address>");
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
