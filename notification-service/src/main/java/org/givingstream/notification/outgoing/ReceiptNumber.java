package org.givingstream.notification.outgoing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The number printed on a receipt, e.g. {@code GS-3F2A-9C01-77B4-E5D0}: the first 64 bits of SHA-256 of the
 * donation id. Derived, not allocated, so every resend of one donation's receipt carries the same number, and no
 * counter has to be shared; 64 bits keep an accidental clash out of reach for any number of donations we will see.
 */
public record ReceiptNumber(String value) {

    private static final Pattern FORMAT = Pattern.compile("GS-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}");
    static final String MESSAGE_ID_DOMAIN = "giving-stream.local";

    public ReceiptNumber {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a receipt number: " + value);
        }
    }

    public static ReceiptNumber forDonation(String donationId) {
        String hex = HexFormat.of().withUpperCase().formatHex(sha256(donationId), 0, 8);
        return new ReceiptNumber("GS-" + hex.substring(0, 4) + "-" + hex.substring(4, 8) + "-" + hex.substring(8, 12)
                + "-" + hex.substring(12, 16));
    }

    /** The {@code Message-ID} of this receipt's email: a resend has the same one, so mail clients collapse it. */
    String messageId() {
        return "<receipt." + value + "@" + MESSAGE_ID_DOMAIN + ">";
    }

    @Override
    public String toString() {
        return value;
    }

    private static byte[] sha256(String donationId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(donationId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
