package org.givingstream.donation.offline;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.givingstream.contracts.Money;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.givingstream.donation.donation.Sha256;
import org.givingstream.donation.donation.DonationLedger;
import org.givingstream.donation.donation.IncomingDonation;
import org.givingstream.donation.offline.IdempotencyKey.StoredResponse;
import org.givingstream.donation.offline.IdempotencyKeys.Claim;
import org.givingstream.donation.offline.OfflineDonationRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/campaigns/{campaignId}/offline-donations}: an organiser enters money that did not come through a
 * payment provider (a cake sale, a sponsored walk, ball tickets). Order of checks: a token at all (401), a campaign
 * campaign-service announced (422, as for webhooks: a campaign opened a moment ago is known within a second), the
 * campaign's organiser (403), the Idempotency-Key (400), an earlier answer to replay (or 409/422), the entry itself
 * (400), then the ledger.
 */
@RestController
class OfflineDonationController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(OfflineDonationController.class);

    private final OrganiserAccess organisers;
    private final IdempotencyKeys keys;
    private final OfflineDonationReader reader;
    private final DonationLedger ledger;
    private final OfflineProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;

    OfflineDonationController(
            OrganiserAccess organisers,
            IdempotencyKeys keys,
            OfflineDonationReader reader,
            DonationLedger ledger,
            OfflineProperties properties,
            JsonMapper json,
            MeterRegistry meters) {
        this.organisers = organisers;
        this.keys = keys;
        this.reader = reader;
        this.ledger = ledger;
        this.properties = properties;
        this.json = json;
        this.meters = meters;
    }

    /** The answer's body: what an organiser's tool needs to show and to link to the donation. */
    record Recorded(String donationId, String campaignId, Money amount, String status) {}

    @PostMapping("/api/campaigns/{campaignId}/offline-donations")
    ResponseEntity<String> enter(
            @PathVariable String campaignId,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            InputStream body)
            throws IOException {
        String token = organisers.require(campaignId, authorization);
        String key = requireIdempotencyKey(idempotencyKey);
        byte[] payload = read(body);
        // scoped by campaign and organiser: two organisers choosing the same key never see each other's answers
        String keyId = IdempotencyKeys.id(campaignId + "|" + Sha256.hex(token), key);
        String requestHash = Sha256.hex(campaignId.getBytes(UTF_8), payload);

        Optional<StoredResponse> earlier = keys.earlierAnswer(keyId, requestHash);
        if (earlier.isPresent()) {
            return replay(earlier.get());
        }
        OfflineDonation donation = reader.read(payload);
        return switch (keys.claim(keyId, requestHash, () -> "offline:" + campaignId + ":" + UUID.randomUUID())) {
            case Claim.Replay replay -> replay(replay.response());
            case Claim.Granted granted -> record(granted.key(), campaignId, donation);
        };
    }

    private ResponseEntity<String> record(IdempotencyKey claim, String campaignId, OfflineDonation donation) {
        IncomingDonation payment = donation.toIncoming(claim.donationId(), campaignId);
        try (var ignored = MDC.putCloseable("donationId", payment.donationId())) {
            // DUPLICATE here means a crashed earlier attempt with this key got as far as the ledger: same answer
            DonationLedger.Outcome outcome = ledger.recordPayment(payment);
            StoredResponse created = created(payment);
            keys.complete(claim, created);
            count("recorded");
            log.info("Offline {} of {} {} for campaign {}: {}", donation.kind().wireName(),
                    payment.amount().minorUnits(), payment.amount().currency(), campaignId, outcome);
            return answer(created, false);
        } catch (RuntimeException e) {
            release(claim, e);
            throw e;
        }
    }

    private void release(IdempotencyKey claim, RuntimeException failure) {
        try {
            keys.release(claim);
        } catch (RuntimeException alsoFailed) {
            failure.addSuppressed(alsoFailed); // the claim unlocks by itself after the lock timeout
        }
    }

    private StoredResponse created(IncomingDonation payment) {
        String location = UriComponentsBuilder.fromPath("/api/donations/{donationId}")
                .buildAndExpand(payment.donationId())
                .encode()
                .toUriString();
        Recorded body = new Recorded(payment.donationId(), payment.campaignId(), payment.amount(), "recorded");
        return new StoredResponse(HttpStatus.CREATED.value(), location, json.writeValueAsString(body));
    }

    private ResponseEntity<String> replay(StoredResponse response) {
        count("replayed");
        return answer(response, true);
    }

    private static ResponseEntity<String> answer(StoredResponse response, boolean replayed) {
        var answer = ResponseEntity.status(response.status()).contentType(MediaType.APPLICATION_JSON);
        if (response.location() != null) {
            answer.location(URI.create(response.location()));
        }
        if (replayed) {
            answer.header(IDEMPOTENT_REPLAYED, "true");
        }
        return answer.body(response.body());
    }

    private static String requireIdempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            throw new OfflineDonationRefused(
                    Reason.MISSING_IDEMPOTENCY_KEY,
                    "Send an Idempotency-Key header with a new unique value (e.g. a UUID) for each donation you"
                            + " enter, and the same value when you retry it: this request records money, and the key"
                            + " is what keeps a retry after a timeout or a lost answer from recording it twice.");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new OfflineDonationRefused(
                    Reason.INVALID_IDEMPOTENCY_KEY,
                    "The Idempotency-Key must be at most " + MAX_KEY_LENGTH + " characters long.");
        }
        return key;
    }

    /** Reads at most the configured size: a larger body is refused without holding it all in memory. */
    private byte[] read(InputStream body) throws IOException {
        int limit = Math.toIntExact(properties.maxBodySize().toBytes());
        byte[] payload = body.readNBytes(limit + 1);
        if (payload.length > limit) {
            throw new OfflineDonationRefused(
                    Reason.BODY_TOO_LARGE, "An offline donation entry is limited to " + limit + " bytes.");
        }
        return payload;
    }

    private void count(String outcome) {
        meters.counter("donations.offline", "outcome", outcome.toLowerCase(Locale.ROOT), "reason", "none")
                .increment();
    }
}
