package org.givingstream.donation.offline;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.givingstream.donation.campaign.OrganiserAccess;
import org.givingstream.donation.offline.IdempotencyKey.StoredResponse;
import org.givingstream.donation.offline.OfflineDonationRefused.Reason;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/campaigns/{campaignId}/offline-donations}: an organiser enters money that did not come through a
 * payment provider (a cake sale, a sponsored walk, ball tickets). Order of checks: a token at all (401), a campaign
 * campaign-service announced (422, as for webhooks: a campaign opened a moment ago is known within a second), the
 * campaign's organiser (403), the Idempotency-Key (400), an earlier answer to replay (or 409/422), the entry itself
 * (400), then the ledger, through {@link OfflineIntake}.
 */
@RestController
class OfflineDonationController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private final OrganiserAccess organisers;
    private final OfflineIntake intake;
    private final OfflineProperties properties;

    OfflineDonationController(OrganiserAccess organisers, OfflineIntake intake, OfflineProperties properties) {
        this.organisers = organisers;
        this.intake = intake;
        this.properties = properties;
    }

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
        OfflineIntake.Answer answer = intake.enter(campaignId, token, key, payload);
        return answer(answer.response(), answer.replayed());
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
}
