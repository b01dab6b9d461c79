package org.givingstream.donation.offline;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.givingstream.contracts.Money;
import org.givingstream.donation.ledger.DonationLedger;
import org.givingstream.donation.ledger.IncomingDonation;
import org.givingstream.donation.ledger.Sha256;
import org.givingstream.donation.offline.IdempotencyKey.StoredResponse;
import org.givingstream.donation.offline.IdempotencyKeys.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Idempotency-Key process behind an offline entry (the controller only speaks HTTP): an earlier answer to the
 * same key and body is replayed; otherwise the key is claimed, the donation recorded and the answer stored with the
 * key.
 *
 * <p>Effectively-once per key: a retry after a timeout or a lost answer gets the first answer, and a crash between
 * the ledger write and storing the answer is safe, because the claimed key already names the donation id, so the
 * retry's ledger write is a duplicate of the first.
 */
@Service
class OfflineIntake {

    private static final Logger log = LoggerFactory.getLogger(OfflineIntake.class);

    private final IdempotencyKeys keys;
    private final OfflineDonationReader reader;
    private final DonationLedger ledger;
    private final JsonMapper json;
    private final MeterRegistry meters;

    OfflineIntake(
            IdempotencyKeys keys,
            OfflineDonationReader reader,
            DonationLedger ledger,
            JsonMapper json,
            MeterRegistry meters) {
        this.keys = keys;
        this.reader = reader;
        this.ledger = ledger;
        this.json = json;
        this.meters = meters;
    }

    /** The answer to give, and whether it is an earlier one given again. */
    record Answer(StoredResponse response, boolean replayed) {}

    /** The answer's body: what an organiser's tool needs to show and to link to the donation. */
    record Recorded(String donationId, String campaignId, Money amount, String status) {}

    /**
     * @param organiserToken the token that {@code OrganiserAccess} accepted for this campaign
     * @param idempotencyKey a present key of bounded length
     * @param payload the body, already read within its limit
     */
    Answer enter(String campaignId, String organiserToken, String idempotencyKey, byte[] payload) {
        // scoped by campaign and organiser: two organisers choosing the same key never see each other's answers
        String keyId = IdempotencyKeys.id(campaignId + "|" + Sha256.hex(organiserToken), idempotencyKey);
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

    private Answer record(IdempotencyKey claim, String campaignId, OfflineDonation donation) {
        IncomingDonation payment = donation.toIncoming(claim.donationId(), campaignId);
        try (var ignored = MDC.putCloseable("donationId", payment.donationId())) {
            // DUPLICATE here means a crashed earlier attempt with this key got as far as the ledger: same answer
            DonationLedger.Outcome outcome = ledger.recordPayment(payment);
            StoredResponse created = created(payment);
            keys.complete(claim, created);
            count("recorded");
            log.info(
                    "Offline {} of {} {} for campaign {}: {}",
                    donation.kind().wireName(),
                    payment.amount().minorUnits(),
                    payment.amount().currency(),
                    campaignId,
                    outcome);
            return new Answer(created, false);
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

    private Answer replay(StoredResponse response) {
        count("replayed");
        return new Answer(response, true);
    }

    private void count(String outcome) {
        meters.counter("donations.offline", "outcome", outcome.toLowerCase(Locale.ROOT), "reason", "none")
                .increment();
    }
}
