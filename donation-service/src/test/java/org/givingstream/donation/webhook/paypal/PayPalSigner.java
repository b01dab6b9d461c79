package org.givingstream.donation.webhook.paypal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Signs test deliveries exactly as PayPal does: SHA256withRSA over
 * {@code "{transmission id}|{transmission time}|{webhook id}|{crc32 of the body}"}, base64 in
 * {@code PAYPAL-TRANSMISSION-SIG}. The key is the test-only one in {@code src/test/resources/paypal/}.
 */
final class PayPalSigner {

    /** Our webhook id in application-test.yml. */
    static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";

    static final String CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-test";
    static final PrivateKey TEST_KEY = privateKey("/paypal/test-signing-key.pem");

    private PayPalSigner() {}

    static Map<String, String> headers(String body, Instant at) {
        return headers(body, at, TEST_KEY, CERT_URL);
    }

    static Map<String, String> headers(String body, Instant at, PrivateKey key, String certUrl) {
        String transmissionId = UUID.randomUUID().toString();
        String time = at.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("PAYPAL-TRANSMISSION-ID", transmissionId);
        headers.put("PAYPAL-TRANSMISSION-TIME", time);
        headers.put(
                "PAYPAL-TRANSMISSION-SIG",
                sign(transmissionId + "|" + time + "|" + WEBHOOK_ID + "|" + crc32(body), key));
        headers.put("PAYPAL-CERT-URL", certUrl);
        headers.put("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        return headers;
    }

    private static long crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    private static String sign(String signed, PrivateKey key) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signed.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PrivateKey privateKey(String resource) {
        try (InputStream in = PayPalSigner.class.getResourceAsStream(resource)) {
            String base64 = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String captureCompleted(String captureId, String value, String currency, String customId) {
        return """
                {"id":"WH-C-%s","event_version":"1.0","create_time":"%s","resource_type":"capture",
                 "event_type":"PAYMENT.CAPTURE.COMPLETED","summary":"Payment completed",
                 "resource":{"id":"%s","status":"COMPLETED","amount":{"currency_code":"%s","value":"%s"},
                   "custom_id":"%s","final_capture":true,
                   "payer":{"name":{"given_name":"Ada","surname":"Lovelace"},"email_address":"ada@example.org"},
                   "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/captures/%s","rel":"self","method":"GET"},
                     {"href":"https://api.sandbox.paypal.com/v2/checkout/orders/5O190127TN364715T","rel":"up",
                      "method":"GET"}]}}
                """.formatted(captureId, Instant.now(), captureId, currency, value, customId, captureId);
    }

    static String refund(String eventType, String refundId, String captureId, String value, String currency) {
        return """
                {"id":"WH-R-%s","event_version":"1.0","create_time":"%s","resource_type":"refund",
                 "event_type":"%s","summary":"A refund",
                 "resource":{"id":"%s","status":"COMPLETED","amount":{"currency_code":"%s","value":"%s"},
                   "links":[{"href":"https://api.sandbox.paypal.com/v2/payments/refunds/%s","rel":"self","method":"GET"},
                     {"href":"https://api.sandbox.paypal.com/v2/payments/captures/%s","rel":"up","method":"GET"}]}}
                """.formatted(refundId, Instant.now(), eventType, refundId, currency, value, refundId, captureId);
    }
}
