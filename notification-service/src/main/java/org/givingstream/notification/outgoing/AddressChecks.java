package org.givingstream.notification.outgoing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.givingstream.notification.campaign.KnownCampaign;
import org.givingstream.notification.campaign.KnownCampaigns;
import org.givingstream.notification.organiser.OrganiserAddresses;
import org.givingstream.notification.outgoing.Notification.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Checks an organiser's address before any milestone news goes there: when campaign-service announces a campaign
 * with an address not yet confirmed for it, one address check is claimed (a mail with a link holding 256 random
 * bits); following the link confirms the address ({@link OrganiserAddresses}) and the milestones waiting for it go.
 *
 * <p>Effectively-once per campaign and address: the check is a claim like any other notification (unique
 * {@code _id}); the secret travels in the mail and is kept only as its hash once the mail is out. A check that
 * failed for good is opened again, with a new secret, the next time the address is needed.
 */
@Component
class AddressChecks {

    private static final Logger log = LoggerFactory.getLogger(AddressChecks.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final NotificationStore store;
    private final OrganiserAddresses addresses;
    private final MongoTemplate mongo;
    private final Clock clock;

    AddressChecks(
            NotificationStore store,
            OrganiserAddresses addresses,
            KnownCampaigns campaigns,
            MongoTemplate mongo,
            Clock clock) {
        this.store = store;
        this.addresses = addresses;
        this.mongo = mongo;
        this.clock = clock;
        campaigns.onChange(campaignId -> campaigns
                .find(campaignId)
                .map(KnownCampaign::organiserEmail)
                .filter(address -> !address.isBlank())
                .ifPresent(address -> ask(campaignId, address)));
    }

    /** Makes sure the address is confirmed or a check of it is on its way. */
    void ask(String campaignId, String address) {
        if (addresses.isConfirmed(campaignId, address)) {
            return;
        }
        String token = newToken();
        Instant now = clock.instant();
        var claims = store.claimAll(List.of(Notification.addressCheck(campaignId, address, token, sha256(token), now)));
        if (!claims.claimed().isEmpty()) {
            log.info("Address check for the organiser of campaign {} queued", campaignId);
            return;
        }
        if (claims.existing().values().stream().allMatch(status -> status == Status.FAILED)) {
            reopen(Notification.addressCheckId(campaignId, address), now);
        }
    }

    /**
     * Confirms the address of the check whose link carries {@code token}.
     *
     * @return the campaign whose organiser address is now confirmed, or empty for a link we never sent
     */
    Optional<Confirmed> confirm(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return store.addressCheckWithLink(sha256(token.strip())).map(check -> {
            addresses.confirm(check.campaignId(), check.to(), clock.instant());
            store.wakeWaitingFor(check.campaignId()); // the milestones waiting for this confirmation
            log.info("Organiser address of campaign {} confirmed", check.campaignId());
            return new Confirmed(check.campaignId(), check.to());
        });
    }

    record Confirmed(String campaignId, String address) {}

    private void reopen(String id, Instant now) {
        String token = newToken();
        Query failed = Query.query(
                Criteria.where("_id").is(id).and(Notification.STATUS).is(Status.FAILED));
        Update again = new Update()
                .set(Notification.STATUS, Status.PENDING)
                .set(Notification.LINK_TOKEN, token)
                .set(Notification.LINK_TOKEN_HASH, sha256(token))
                .set(Notification.ATTEMPTS, 0)
                .set(Notification.QUEUED_AT, now)
                .set(Notification.NEXT_ATTEMPT_AT, now)
                .unset(Notification.LAST_ERROR)
                .unset(Notification.FAILED_AT);
        mongo.findAndModify(failed, again, FindAndModifyOptions.options().returnNew(true), Notification.class);
    }

    private static String newToken() {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
