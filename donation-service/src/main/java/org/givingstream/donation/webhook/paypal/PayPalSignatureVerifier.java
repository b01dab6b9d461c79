package org.givingstream.donation.webhook.paypal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.zip.CRC32;
import org.givingstream.donation.webhook.InvalidSignatureException;
import org.springframework.stereotype.Component;

/**
 * Verifies a delivery as PayPal signs it (its "verify locally" scheme): SHA256withRSA, by the key of PayPal's
 * certificate, over {@code "{transmission id}|{transmission time}|{our webhook id}|{CRC32 of the raw body}"}, the
 * CRC32 written as an unsigned decimal. Cheap refusals come first, so a forgery costs no download and no RSA. A
 * verified transmission id is bound to its body ({@link PayPalTransmissions}): the CRC32 does not pin it.
 */
@Component
class PayPalSignatureVerifier {

    static final String PROVIDER = "paypal";
    static final String ALGORITHM = "SHA256withRSA";

    private final PayPalProperties properties;
    private final PayPalCertificates certificates;
    private final PayPalTransmissions transmissions;
    private final Clock clock;

    PayPalSignatureVerifier(
            PayPalProperties properties,
            PayPalCertificates certificates,
            PayPalTransmissions transmissions,
            Clock clock) {
        this.properties = properties;
        this.certificates = certificates;
        this.transmissions = transmissions;
        this.clock = clock;
    }

    void verify(PayPalTransmission transmission, byte[] body) {
        if (!transmission.complete()) {
            throw refused("missing-headers");
        }
        if (!ALGORITHM.equalsIgnoreCase(transmission.authAlgo().strip())) {
            throw refused("unsupported-algorithm");
        }
        requireRecent(transmission.time());
        byte[] signature = decode(transmission.signature());
        X509Certificate certificate = certificates.forDelivery(transmission.certUrl());
        String signed = String.join(
                "|", transmission.id(), transmission.time(), properties.webhookId(), Long.toString(crc32(body)));
        if (!rsaVerifies(certificate, signed, signature)) {
            throw refused("signature-mismatch");
        }
        if (!transmissions.sameBodyAsBefore(transmission.id().strip(), body)) {
            throw refused("replayed-transmission");
        }
    }

    static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue(); // already unsigned: 0 .. 2^32-1
    }

    private void requireRecent(String time) {
        Instant sent;
        try {
            sent = OffsetDateTime.parse(time.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw refused("malformed-transmission-time");
        }
        if (Duration.between(sent, clock.instant()).abs().compareTo(properties.tolerance()) > 0) {
            throw refused("transmission-time-outside-tolerance");
        }
    }

    private static byte[] decode(String signature) {
        try {
            return Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            throw refused("malformed-signature");
        }
    }

    private static boolean rsaVerifies(X509Certificate certificate, String signed, byte[] signature) {
        try {
            Signature rsa = Signature.getInstance(ALGORITHM);
            rsa.initVerify(certificate.getPublicKey());
            rsa.update(signed.getBytes(StandardCharsets.UTF_8));
            return rsa.verify(signature);
        } catch (GeneralSecurityException e) { // not an RSA key, or a signature of the wrong length
            return false;
        }
    }

    private static InvalidSignatureException refused(String reason) {
        return new InvalidSignatureException(PROVIDER, reason);
    }
}
